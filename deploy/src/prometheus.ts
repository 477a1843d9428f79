import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot } from './k8s.js';

const run = promisify(execFile);

/** The one source of Guildhall's alerts: the PrometheusRule in the k8s base. */
export const prometheusRulePath = `${repoRoot}k8s/base/monitoring/prometheus-rule.yaml`;
export const metricsContractPath = `${repoRoot}deploy/metrics-contract.md`;

const RuleSchema = z.looseObject({
  alert: z.string().optional(),
  record: z.string().optional(),
  expr: z.string().min(1),
  for: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export const RuleGroupsSchema = z.object({ groups: z.array(z.looseObject({ name: z.string(), rules: z.array(RuleSchema) })) });
export type RuleGroups = z.infer<typeof RuleGroupsSchema>;
export type Rule = z.infer<typeof RuleSchema>;

/** The PrometheusRule's spec: exactly a Prometheus rules file (`groups: [...]`). */
export const loadRuleGroups = async (path = prometheusRulePath): Promise<RuleGroups> => {
  const obj = z.object({ kind: z.literal('PrometheusRule'), spec: RuleGroupsSchema }).parse(parse(await readFile(path, 'utf8')));
  return obj.spec;
};

export const alertsOf = (groups: RuleGroups): Rule[] => groups.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);

/** Metric names a PromQL expression reads (identifiers followed by `{`, `[` or an operator, not functions or keywords). */
export const metricNamesIn = (expr: string): string[] => {
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'le', 'inf', 'nan']);
  const stripped = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const names = [...stripped.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !keywords.has(n.toLowerCase()) && !/^\d/.test(n) && !/^[0-9.]+[smhdwy]$/.test(n) && !/^[smhdwy]$/.test(n)))];
};

/** `guildhall_x_bucket` / `_count` / `_sum` → the histogram's name. */
export const baseMetricName = (name: string): string => name.replace(/_(bucket|count|sum)$/, '');

/** The metric names declared in deploy/metrics-contract.md (its table's first column). */
export const contractMetricNames = async (): Promise<Set<string>> => {
  const text = await readFile(metricsContractPath, 'utf8');
  return new Set([...text.matchAll(/^\| `([a-z_:]+)` \|/gm)].map((m) => m[1]!));
};

export const hasPromtool = async (): Promise<boolean> =>
  run('promtool', ['--version']).then(
    () => true,
    () => false,
  );

export const promtool = async (args: string[], cwd: string): Promise<{ ok: boolean; output: string }> =>
  run('promtool', args, { cwd }).then(
    (r) => ({ ok: true, output: r.stdout + r.stderr }),
    (e: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
