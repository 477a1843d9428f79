/**
 * `npm run bench:rss [-- --mode built|source] [-- --settle <seconds>]`: starts the whole stack as `npm start`
 * does (launcher, sandbox, every service) on private names and ports beside any running demo, waits for
 * `Guildhall ready` and then for the stack to idle, and prints each process's resident set (VmRSS) and
 * the total. `built` (default) runs `npm run build` first and plain Node on the bundles; `source` runs
 * tsx on the TypeScript, as before the build existed. Prints figures; asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, isolatedStackEnv } from '@guildhall/eventing/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { printTable } from './table.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const mode = arg('mode', 'built');
if (mode !== 'built' && mode !== 'source') throw new Error('--mode must be built or source');
const settleMs = Number(arg('settle', '20')) * 1000;

/** Kernel figures of one process: resident set in MiB and its command line. */
const procInfo = (pid: number): { rssMiB: number; cmd: string; ppid: number } | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { rssMiB: rssKb / 1024, cmd, ppid };
  } catch {
    return undefined;
  }
};

/** The pid and every descendant of it. */
const treeOf = (pid: number): number[] => {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const p of all) if (procInfo(p)?.ppid === out[i]) out.push(p);
  return out;
};

const id = `rss${Date.now().toString(36)}`;
const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall');
databaseUrl.pathname = `/gh_bench_${id}`;
const [port, sandboxPort, metricsBase] = [await freePort(), await freePort(), 20_000 + Math.floor(Math.random() * 20_000)];
const env = {
  ...process.env,
  PORT: String(port),
  SANDBOX_PORT: String(sandboxPort),
  METRICS_PORT_BASE: String(metricsBase),
  DATABASE_URL: databaseUrl.toString(),
  ...isolatedStackEnv(id),
  // `info`: the launcher waits for each service's `ready` line (an info line).
  LOG_LEVEL: 'info',
};

if (mode === 'built') {
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'infra/dev/src/build.ts', '--no-ui'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}
const launcherArgs = mode === 'built' ? ['infra/dev/dist/main.js'] : ['--import', 'tsx', 'infra/dev/src/main.ts'];
const started = Date.now();
const launcher = spawn(process.execPath, launcherArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'] });
// The stack must not outlive the bench (Ctrl-C, a timeout).
const stopStack = () => launcher.kill('SIGTERM');
process.once('SIGINT', stopStack);
process.once('SIGTERM', stopStack);
process.once('exit', stopStack);
await new Promise<void>((ok, fail) => {
  createInterface({ input: launcher.stdout }).on('line', (l) => {
    if (l.startsWith('Guildhall is ready')) ok();
  });
  launcher.once('exit', (code) => fail(new Error(`launcher exited (${code}) before ready`)));
  setTimeout(() => fail(new Error('stack not ready in 180 s')), 180_000).unref();
});
const readyMs = Date.now() - started;
await new Promise((r) => setTimeout(r, settleMs));

const name = (cmd: string): string => {
  if (/infra\/dev\/(dist|src)\/main/.test(cmd)) return 'launcher';
  const m = /(bounded-contexts\/\w+|projections|gateway\/\w+|infra\/discord-sandbox|infra\/audit)\//.exec(cmd);
  return m?.[1] ?? cmd.slice(0, 40);
};
const rows = treeOf(launcher.pid!)
  .map((pid) => ({ pid, info: procInfo(pid) }))
  .filter((p): p is { pid: number; info: NonNullable<ReturnType<typeof procInfo>> } => !!p.info && p.info.rssMiB > 0)
  .map((p) => ({ process: name(p.info.cmd), pid: p.pid, 'RSS MiB': Math.round(p.info.rssMiB) }));
const total = rows.reduce((n, r) => n + r['RSS MiB'], 0);
printTable(`Idle RSS of the whole stack (${mode}; ${settleMs / 1000} s after ready, ready in ${(readyMs / 1000).toFixed(1)} s)`, [
  ...rows,
  { process: `total (${rows.length} processes)`, pid: '', 'RSS MiB': total },
]);
console.log(`target ≤ 600 MB: ${total <= 600 ? 'within' : 'over'} (${total} MiB)`);

launcher.kill('SIGTERM');
await new Promise((r) => launcher.once('exit', r));
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const jsm = await jetstreamManager(nc);
for (const s of [env.EVENTS_STREAM, `${env.EVENTS_STREAM}_CHAIN`, `${env.EVENTS_STREAM}_AUDIT`, env.COMMANDS_STREAM, env.DEAD_LETTERS_STREAM, env.DISCORD_STREAM, `KV_${env.COMMAND_RESULTS_BUCKET}`, `KV_${env.STATUS_BUCKET}`]) {
  await jsm.streams.delete(s).catch(() => undefined);
}
await nc.close();
const admin = new pg.Client({ connectionString: new URL('/postgres', databaseUrl).toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "gh_bench_${id}" WITH (FORCE)`);
await admin.end();
