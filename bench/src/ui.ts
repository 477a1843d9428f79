/**
 * bench/ui: what a person waits for in the dashboard.
 *  1. Initial JS, gzip: the module script and the modulepreloads index.html loads (the analytics
 *     page's chunk with uPlot is lazy and not counted), gzip -9 as a server would send it.
 *  2. Largest contentful paint of the overview on localhost: Chromium (Debian's) signed in as a
 *     moderator against the whole stack in this process (e2e/src/stack.ts), BENCH_UI_LCP_RUNS
 *     fresh page loads, LCP from the browser's PerformanceObserver.
 *  3. Command accepted → its row visible, in an open cases page: BENCH_UI_COMMANDS WarnMember
 *     commands sent from the page (fetch), each timed from the API's `accepted` answer to the
 *     `#<case>` row in the DOM (MutationObserver), carried by the live SSE stream. The answer
 *     comes once the request's outcome is known (the case is opened and the warning applied), so
 *     the row may already be there: 0 ms. Then the same, segment by segment (ui-breakdown.ts):
 *     case opened → projection committed → SSE `rm` in the browser → list fetch → row in the DOM.
 * Prints figures beside their targets; asserts nothing.
 *   npm run bench:ui     (BENCH_UI_LCP_RUNS=10 BENCH_UI_COMMANDS=50)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hasChromium, launchChromium } from '../../e2e/src/chromium.js';
import { logInAsModerator } from '../../e2e/src/login.js';
import { startStack } from '../../e2e/src/stack.js';
import { ensureUiBuilt } from '../../e2e/src/ui-build.js';
import { breakdown, pct, printBreakdown, PROBES, type Committed, type Probes, type Run } from './ui-breakdown.js';
import { printTable } from './table.js';

const LCP_RUNS = Number(process.env.BENCH_UI_LCP_RUNS ?? 10);
const COMMANDS = Number(process.env.BENCH_UI_COMMANDS ?? 50);

const ms = (v: number) => `${v.toFixed(0)} ms`;

const dist = ensureUiBuilt();
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
const gz = (files: readonly string[]) => files.reduce((a, f) => a + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
const jsGzip = gz(initial);
printTable('bench/ui: initial download (gzip -9)', [
  { what: 'initial JS', files: initial.length, 'gzip KB': +(jsGzip / 1024).toFixed(1), target: '≤ 150 KB' },
  { what: 'initial CSS', files: css.length, 'gzip KB': +(gz(css) / 1024).toFixed(1), target: '' },
]);

if (!hasChromium()) {
  console.log('\nno Chromium (apt-get install -y chromium): LCP and command → row skipped');
  process.exit(0);
}

const stack = await startStack('benchui', { uiDist: dist });
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await logInAsModerator(page, stack);
  const base = stack.gateway.deps.publicUrl;
  const overview = `${base}/g/${stack.guildId}`;

  const lcps: number[] = [];
  for (let i = 0; i < LCP_RUNS; i++) {
    const p = await context.newPage();
    await p.goto(overview);
    await p.locator('.stat').first().waitFor();
    await p.waitForTimeout(300);
    lcps.push(
      await p.evaluate<number>(`new Promise((resolve) => {
        new PerformanceObserver((list) => { const e = list.getEntries(); resolve(e[e.length - 1].startTime); }).observe({ type: 'largest-contentful-paint', buffered: true });
      })`),
    );
    await p.close();
  }

  // The breakdown's probes: every `rm` the browser's EventSource receives and every cases-list
  // fetch, in epoch ms (the browser and this process share the machine's clock).
  await page.addInitScript(PROBES);
  await page.goto(`${base}/g/${stack.guildId}/cases`);
  await page.getByRole('heading', { name: 'Cases' }).waitFor();
  await page.locator('.live', { hasText: 'live' }).waitFor();
  // When the cases projection's commit is announced (rm.<guild>.cases), as the gateway's hub hears it.
  const committed: Committed[] = [];
  const rmSub = stack.gateway.deps.nc.subscribe(`rm.${stack.guildId}.cases`, {
    callback: (_e, m) => {
      committed.push({ position: (m.json() as { position: number }).position, at: Date.now() });
    },
  });
  const members = stack.sandbox.world.people(stack.guildId).members;
  const runs = await page.evaluate<Run[]>(`(async () => {
    const guild = ${JSON.stringify(stack.guildId)};
    const members = ${JSON.stringify(members.slice(0, 20))};
    const now = () => performance.timeOrigin + performance.now();
    const out = [];
    for (let i = 0; i < ${COMMANDS}; i++) {
      const sent = now();
      const res = await fetch('/api/guilds/' + guild + '/commands/moderation/WarnMember', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-guildhall-csrf': '1' },
        body: JSON.stringify({ target: { id: members[i % members.length], name: 'bench-' + i }, reason: 'bench/ui' }),
      });
      const accepted = now();
      const body = await res.json();
      const n = body.caseNumber;
      if (body.status !== 'accepted' || !n) continue;
      const visible = () => [...document.querySelectorAll('table.cases a')].some((a) => a.textContent === '#' + n);
      await new Promise((resolve) => {
        if (visible()) return resolve(undefined);
        const o = new MutationObserver(() => { if (visible()) { o.disconnect(); resolve(undefined); } });
        o.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      out.push({ caseNumber: n, sent, accepted, visible: now() });
    }
    return out;
  })()`);
  rmSub.unsubscribe();
  const probes = await page.evaluate<Probes>('window.__benchProbes');
  const delays = runs.map((r) => r.visible - r.accepted);

  printTable('bench/ui: in Chromium against the whole stack on localhost', [
    { what: 'overview LCP', runs: lcps.length, p50: ms(pct(lcps, 50)), p99: ms(pct(lcps, 99)), max: ms(Math.max(...lcps)), target: '≤ 1000 ms' },
    { what: 'accepted → row visible', runs: delays.length, p50: ms(pct(delays, 50)), p99: ms(pct(delays, 99)), max: ms(Math.max(...delays)), target: 'p99 ≤ 100 ms' },
  ]);
  printBreakdown(await breakdown(stack, runs, committed, probes));
} finally {
  await browser.close();
  // Dropping the bench database ends connections that the in-process services' pools still hold.
  process.on('uncaughtException', (e) => {
    if ((e as { code?: string }).code !== '57P01') throw e;
  });
  await stack.stop();
}
