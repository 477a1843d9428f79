import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../src/k8s.js';
import { alertsOf, baseMetricName, contractMetricNames, hasPromtool, loadRuleGroups, metricNamesIn, promtool, type RuleGroups } from '../src/prometheus.js';

const unitTests = `${repoRoot}deploy/prometheus/alerts.test.yml`;
const dashboard = `${repoRoot}k8s/base/monitoring/dashboards/guildhall.json`;
const havePromtool = await hasPromtool();
if (!havePromtool) console.warn('promtool tests skipped: install Debian\'s prometheus package (apt-get install prometheus); .ci/run does');

/** Writes the rules (the PrometheusRule's spec) and the unit tests side by side, as promtool wants. */
const workdir = async (groups: RuleGroups): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'gh-alerts-'));
  await writeFile(join(dir, 'guildhall.rules.yml'), stringify(groups));
  await copyFile(unitTests, join(dir, 'alerts.test.yml'));
  return dir;
};

const UnitTestsSchema = z.object({
  rule_files: z.array(z.string()),
  tests: z.array(
    z.looseObject({
      name: z.string(),
      alert_rule_test: z.array(z.looseObject({ alertname: z.string(), eval_time: z.string(), exp_alerts: z.array(z.looseObject({})) })),
    }),
  ),
});

describe('alerts: the PrometheusRule, its runbooks and its promtool unit tests', () => {
  let groups: RuleGroups;
  const dirs: string[] = [];
  beforeAll(async () => {
    groups = await loadRuleGroups();
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('has the alerts issue 15 asks for, each with a severity, a summary and a runbook that exists', async () => {
    const alerts = alertsOf(groups);
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'GuildhallApiErrorRatio',
      'GuildhallBotDisconnected',
      'GuildhallConsumerLagGrowing',
      'GuildhallDeadLetters',
      'GuildhallLatencySloBurnRate',
      'GuildhallNatsDown',
      'GuildhallPostgresDown',
      'GuildhallProjectionStuck',
    ]);
    for (const a of alerts) {
      expect(['warning', 'critical'], a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      const url = a.annotations?.runbook_url ?? '';
      const [, path] = /\/blob\/main\/(docs\/runbooks\/[\w-]+\.md)$/.exec(url) ?? [];
      expect(path, `${a.alert} runbook_url ${url}`).toBe(`docs/runbooks/${a.alert}.md`);
      expect(existsSync(`${repoRoot}${path}`), `${path} exists`).toBe(true);
      const runbook = await readFile(`${repoRoot}${path}`, 'utf8');
      expect(runbook.split('\n')[0]).toBe(`# ${a.alert}`);
      for (const section of ['## Impact', '## Diagnose', '## Fix']) expect(runbook, `${path} ${section}`).toContain(section);
    }
  });

  it('reads only metrics named in deploy/metrics-contract.md (and the dashboard does too)', async () => {
    const contract = await contractMetricNames();
    expect(contract.size).toBeGreaterThan(10);
    const external = /^(up|cnpg_[a-z_]+|gnatsd_[a-z_]+|jetstream_[a-z_]+|process_[a-z_]+|nodejs_[a-z_]+)$/;
    const inRules = alertsOf(groups).flatMap((a) => metricNamesIn(a.expr).map((m) => ({ where: a.alert!, metric: m })));
    expect(inRules.length).toBeGreaterThan(8);
    const board = z.object({ panels: z.array(z.looseObject({ title: z.string(), targets: z.array(z.object({ expr: z.string() }).loose()).optional() })) }).parse(JSON.parse(await readFile(dashboard, 'utf8')));
    const inBoard = board.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr).map((m) => ({ where: `dashboard: ${p.title}`, metric: m }))));
    const unknown = [...inRules, ...inBoard].filter(({ metric }) => !contract.has(baseMetricName(metric)) && !external.test(metric));
    expect(unknown).toEqual([]);
    // The extraction itself: it finds the names and skips functions, labels and keywords.
    expect(metricNamesIn('sum by (consumer) (increase(guildhall_dead_letters_total{status=~"5.."}[10m])) > 0 and on() up')).toEqual(['guildhall_dead_letters_total', 'up']);
  });

  it('the Grafana dashboard shows the four golden signals of every service', async () => {
    const board = z.object({ uid: z.string(), panels: z.array(z.looseObject({ type: z.string(), title: z.string(), targets: z.array(z.object({ expr: z.string() }).loose()).optional() })) }).parse(JSON.parse(await readFile(dashboard, 'utf8')));
    // Panel title → the `service` label the process sets (its runService name, deploy/metrics-contract.md).
    const label: Record<string, string> = { http: 'gateway-http', moderation: 'moderation', community: 'community', messaging: 'messaging', projections: 'projections', bot: 'discord-bot' };
    for (const svc of Object.keys(label)) {
      for (const signal of ['traffic', 'errors', 'latency', 'saturation']) {
        const panel = board.panels.find((p) => p.title === `${svc}: ${signal}`);
        expect(panel?.targets?.length, `${svc}: ${signal}`).toBeGreaterThan(0);
        // Each panel reads its own service's series.
        expect(panel!.targets!.every((t) => t.expr.includes(`service="${label[svc]}"`)), `${svc}: ${signal} filters service`).toBe(true);
      }
    }
  });

  describe.skipIf(!havePromtool)('promtool', () => {
    it('check rules: the rules file is valid (expressions parse, templates compile)', async () => {
      const dir = await workdir(groups);
      dirs.push(dir);
      const r = await promtool(['check', 'rules', 'guildhall.rules.yml'], dir);
      expect(r.output).toMatch(/SUCCESS: 8 rules found/);
      expect(r.ok).toBe(true);
    });

    it('test rules: every alert fires in one case and stays silent in another, and all pass', async () => {
      const tests = UnitTestsSchema.parse(parse(await readFile(unitTests, 'utf8')));
      expect(tests.rule_files).toEqual(['guildhall.rules.yml']);
      const cases = tests.tests.flatMap((t) => t.alert_rule_test);
      for (const a of alertsOf(groups)) {
        expect(cases.some((c) => c.alertname === a.alert && c.exp_alerts.length > 0), `${a.alert} fires in a test`).toBe(true);
        expect(cases.some((c) => c.alertname === a.alert && c.exp_alerts.length === 0), `${a.alert} silent in a test`).toBe(true);
      }
      const dir = await workdir(groups);
      dirs.push(dir);
      const r = await promtool(['test', 'rules', 'alerts.test.yml'], dir);
      expect(r.output).toContain('SUCCESS');
      expect(r.ok, r.output).toBe(true);
    });

    it('the unit tests can fail: a loosened threshold or a longer `for` breaks them', async () => {
      const loosened = structuredClone(groups);
      const rule = loosened.groups.flatMap((g) => g.rules).find((r) => r.alert === 'GuildhallApiErrorRatio')!;
      rule.expr = rule.expr.replace('> 0.05', '> 0.5');
      const bot = loosened.groups.flatMap((g) => g.rules).find((r) => r.alert === 'GuildhallBotDisconnected')!;
      bot.for = '30m';
      const dir = await workdir(loosened);
      dirs.push(dir);
      const r = await promtool(['test', 'rules', 'alerts.test.yml'], dir);
      expect(r.ok).toBe(false);
      expect(r.output).toContain('alertname: GuildhallApiErrorRatio');
      expect(r.output).toContain('alertname: GuildhallBotDisconnected');
    });
  });
});
