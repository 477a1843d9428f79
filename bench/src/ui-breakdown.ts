/**
 * bench/ui's breakdown of "command accepted → its row visible": where one WarnMember's time goes,
 * segment by segment, from timestamps taken along the path (all epoch ms: the browser, the stack
 * and this process share the machine's clock).
 *   sent       the page's fetch of the command starts
 *   opened     the case's CaseOpened event (its occurredAt: decided and appended by the handler)
 *   accepted   the API's answer (after the request's outcome: applied in Discord, with the case)
 *   committed  `rm.<guild>.cases` with a position at or past CaseOpened: the cases projection's
 *              transaction is committed (heard on NATS, as the gateway's SSE hub hears it)
 *   received   the page's EventSource delivers that `rm` (the app's own stream, probed)
 *   fetched    the cases-list GET that brought the row: start and end (resource timing)
 *   visible    the `#<case>` link is in the DOM (MutationObserver)
 * Bench-only: prints figures, asserts nothing.
 */
import { caseStreamId } from '@guildhall/moderation';
import type { Stack } from '../../e2e/src/stack.js';
import { printTable } from './table.js';

export type Run = Readonly<{ caseNumber: number; sent: number; accepted: number; visible: number }>;
export type Probes = Readonly<{
  rm: readonly { model: string; position: number; at: number }[];
  fetches: readonly { start: number; end: number }[];
}>;
export type Committed = Readonly<{ position: number; at: number }>;

/** Installed before the page's own scripts: records every `rm` its EventSource gets and every cases-list fetch. */
export const PROBES = String.raw`(() => {
  const probes = { rm: [], fetches: [] };
  window.__benchProbes = probes;
  const now = () => performance.timeOrigin + performance.now();
  const Base = window.EventSource;
  window.EventSource = class extends Base {
    constructor(url, init) {
      super(url, init);
      // Added before the app's own listener, so this is when the app hears it too.
      this.addEventListener('rm', (e) => {
        try { const d = JSON.parse(e.data); probes.rm.push({ model: d.model, position: d.position, at: now() }); } catch {}
      });
    }
  };
  performance.setResourceTimingBufferSize(100000);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (/\/api\/guilds\/[^/]+\/cases(\?|$)/.test(e.name)) probes.fetches.push({ start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd });
    }
  }).observe({ type: 'resource', buffered: true });
})();`;

type Segments = Record<string, number[]>;

/** Joins the runs with the events' own times and the probes, one set of segments per run. */
export const breakdown = async (stack: Stack, runs: readonly Run[], committed: readonly Committed[], probes: Probes): Promise<Segments> => {
  const out: Segments = {};
  const add = (k: string, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) (out[k] ??= []).push(v);
  };
  const rmCases = probes.rm.filter((r) => r.model === 'cases');
  for (const r of runs) {
    const { events } = await stack.gateway.deps.store.readStream(caseStreamId(stack.guildId, r.caseNumber));
    const opened = events.find((e) => e.type === 'CaseOpened');
    if (!opened) continue;
    const at = Date.parse(opened.occurredAt);
    // Not before the case was opened: `rm.<guild>.cases` is core NATS, not isolated per stack, so
    // another stack on the same NATS with the sandbox's guild is heard too (at other positions).
    const after = (c: { position: number; at: number }) => c.position >= opened.position && c.at >= at;
    const commit = committed.find(after)?.at;
    const received = rmCases.find(after)?.at;
    // The last list fetch that ended before the row showed is the one that carried it.
    const fetch = probes.fetches.filter((f) => f.end <= r.visible + 1).at(-1);
    add('sent → case opened', at - r.sent);
    add('case opened → answer (accepted)', r.accepted - at);
    add('case opened → projection committed', commit !== undefined ? commit - at : undefined);
    add('committed → browser got rm (SSE)', commit !== undefined && received !== undefined ? received - commit : undefined);
    add('got rm → list fetch starts', received !== undefined && fetch ? fetch.start - received : undefined);
    add('list fetch (GET cases)', fetch ? fetch.end - fetch.start : undefined);
    add('fetch end → row in DOM', fetch ? r.visible - fetch.end : undefined);
    add('case opened → row visible', r.visible - at);
    add('sent → row visible', r.visible - r.sent);
    add('accepted → row visible', r.visible - r.accepted);
  }
  return out;
};

/** Nearest-rank percentile. */
export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

export const printBreakdown = (segments: Segments): void =>
  printTable(
    'bench/ui: accepted → row visible, segment by segment (ms; a segment is negative when its end came first)',
    Object.entries(segments).map(([what, xs]) => ({
      segment: what,
      runs: xs.length,
      p50: Math.round(pct(xs, 50)),
      p90: Math.round(pct(xs, 90)),
      p99: Math.round(pct(xs, 99)),
      max: Math.round(Math.max(...xs)),
    })),
  );
