import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { TimerScheduler } from '../src/timers/timer-scheduler.js';

type Timer = { key: string; dueAt: number };
const logger = createLogger('timer-scheduler-test', 'silent');

/** Timers in memory, "due" by the clock; firing one does not remove it (the read model lags), settling does. */
const world = (timers: Timer[]) => {
  let now = 1_000_000;
  const fired: string[] = [];
  const pending = new Map(timers.map((t) => [t.key, t]));
  const scheduler = (batchSize = 500, resendAfterMs = 60_000) =>
    new TimerScheduler<Timer>({
      name: 'test-timers',
      logger,
      clock: () => new Date(now),
      batchSize,
      resendAfterMs,
      due: async (at, limit) => [...pending.values()].filter((t) => t.dueAt <= at.getTime()).sort((a, b) => a.dueAt - b.dueAt).slice(0, limit),
      keyOf: (t) => t.key,
      fire: async (t) => {
        fired.push(t.key);
      },
    });
  return { scheduler, fired, settle: (key: string) => pending.delete(key), advance: (ms: number) => (now += ms), at: (ms: number) => now + ms };
};

describe('TimerScheduler (injected clock, timers in memory)', () => {
  it('fires what is due by the clock, nothing early', async () => {
    const w = world([{ key: 'a', dueAt: 1_000_500 }, { key: 'b', dueAt: 1_002_000 }]);
    const s = w.scheduler();
    expect(await s.tick()).toBe(0);
    w.advance(500);
    expect(await s.tick()).toBe(1);
    expect(w.fired).toEqual(['a']);
  });

  it('a missed deadline (the clock jumped past it) fires once, and is not fired again before the resend pause', async () => {
    const w = world([{ key: 'a', dueAt: 1_000_100 }]);
    const s = w.scheduler(500, 60_000);
    w.advance(3_600_000);
    expect(await s.tick()).toBe(1);
    w.advance(1_000);
    expect(await s.tick()).toBe(0); // still in the read model: its command is on the way
    w.advance(60_000);
    expect(await s.tick()).toBe(1); // lost? fired again, with the same id the decider ignores if it did land
    w.settle('a');
    w.advance(60_000);
    expect(await s.tick()).toBe(0);
    expect(w.fired).toEqual(['a', 'a']);
  });

  it('a burst larger than a batch is fired batch after batch in one tick, past timers still in the read model', async () => {
    const w = world(Array.from({ length: 25 }, (_, i) => ({ key: `t${i}`, dueAt: 1_000_000 + i })));
    const s = w.scheduler(10);
    w.advance(100);
    s.start(); // the first tick drains: 10, then 10 more (the first 10 read again and skipped), then 5
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    expect(w.fired).toEqual(Array.from({ length: 25 }, (_, i) => `t${i}`));
  });
});
