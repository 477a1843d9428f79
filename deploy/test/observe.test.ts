import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freePort, hasCommand } from '../src/nginx.js';
import { defaultTargets, loadObserveSettings, prometheusConfig, rulesFileText } from '../src/observe.js';
import { loadRuleGroups, promtool } from '../src/prometheus.js';

const havePrometheus = (await hasCommand('prometheus', ['--version'])) && (await hasCommand('promtool', ['--version']));
if (!havePrometheus) console.warn('observe test skipped: install Debian\'s prometheus package; .ci/run does');

describe('npm run observe: the generated Prometheus configuration', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('reads its settings with zod: a bad OBSERVE_TARGETS is refused naming the variable', () => {
    expect(loadObserveSettings({}).OBSERVE_PORT).toBe(9090);
    expect(loadObserveSettings({ OBSERVE_TARGETS: 'http=127.0.0.1:9999' }).OBSERVE_TARGETS).toEqual({ http: '127.0.0.1:9999' });
    expect(() => loadObserveSettings({ OBSERVE_TARGETS: 'http:9999' })).toThrow(/OBSERVE_TARGETS: must be a comma-separated list/);
    expect(() => loadObserveSettings({ OBSERVE_PORT: 'x' })).toThrow(/OBSERVE_PORT/);
  });

  it.skipIf(!havePrometheus)('is accepted by promtool, and a real Prometheus started on it scrapes every service (job = service) and loads every alert', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gh-observe-'));
    dirs.push(dir);
    const rules = join(dir, 'guildhall.rules.yml');
    await writeFile(rules, rulesFileText(await loadRuleGroups()));
    const config = join(dir, 'prometheus.yml');
    await writeFile(config, prometheusConfig(loadObserveSettings({ GUILDHALL_DATA_DIR: dir }), rules));
    const check = await promtool(['check', 'config', config], dir);
    expect(check.ok, check.output).toBe(true);

    const port = await freePort();
    const proc = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    try {
      const api = async (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => (r.ok ? (r.json() as Promise<unknown>) : undefined), () => undefined);
      const TargetsSchema = z.object({ data: z.object({ activeTargets: z.array(z.object({ labels: z.record(z.string(), z.string()), scrapeUrl: z.string() }).loose()) }) });
      // Prometheus discovers its static targets a moment after it starts answering.
      let t = { data: { activeTargets: [] } } as z.infer<typeof TargetsSchema>;
      for (let i = 0; i < 100 && t.data.activeTargets.length < Object.keys(defaultTargets).length; i++) {
        const got = await api('/api/v1/targets');
        if (got !== undefined) t = TargetsSchema.parse(got);
        await new Promise((r) => setTimeout(r, 200));
      }
      const byJob = Object.fromEntries(t.data.activeTargets.map((a) => [a.labels.job!, a.scrapeUrl]));
      expect(byJob).toEqual(Object.fromEntries(Object.entries(defaultTargets).map(([svc, hp]) => [svc, `http://${hp}/metrics`])));
      const r = z.object({ data: z.object({ groups: z.array(z.object({ rules: z.array(z.object({ name: z.string(), type: z.string() }).loose()) }).loose()) }) }).parse(await api('/api/v1/rules'));
      const alerts = r.data.groups.flatMap((g) => g.rules).filter((x) => x.type === 'alerting').map((x) => x.name);
      expect(alerts.sort()).toEqual((await loadRuleGroups()).groups.flatMap((g) => g.rules).map((x) => x.alert!).sort());
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });
});
