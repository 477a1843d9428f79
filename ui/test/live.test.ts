import { describe, expect, it } from 'vitest';
import { connectLive, type EventSourceLike } from '../src/live/connection.js';
import { liveRefresher } from '../src/live/useLiveUpdates.js';

/** A stand-in for the browser's EventSource (a browser API, not ours), driven by the test. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  readonly listeners = new Map<string, (e: MessageEvent<string>) => void>();
  closed = false;
  addEventListener(type: string, l: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, l);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  drop(state: 0 | 2) {
    this.readyState = state;
    this.onerror?.(new Event('error'));
  }
}

describe('live connection', () => {
  it('reports live / down, refetches on every reconnect (not the first open), and passes events on', () => {
    const sources: FakeSource[] = [];
    const states: string[] = [];
    let reconnects = 0;
    const got: string[] = [];
    let subscribed = 0;
    const conn = connectLive('/live', { onState: (s) => states.push(s), onReconnect: () => reconnects++, onSubscribed: () => subscribed++, onEvent: (t, d) => got.push(`${t}:${d}`) }, () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    });
    const s = sources[0]!;
    s.open();
    expect(reconnects).toBe(0);
    // The server's first hello: what the page read before it is asked again, once.
    expect(subscribed).toBe(0);
    s.listeners.get('hello')!({ data: '{"guildId":"1"}' } as MessageEvent<string>);
    expect(subscribed).toBe(1);
    s.listeners.get('rm')!({ data: '{"model":"cases"}' } as MessageEvent<string>);
    expect(got).toEqual(['hello:{"guildId":"1"}', 'rm:{"model":"cases"}']);
    // The browser retries by itself (CONNECTING): down, then back.
    s.drop(0);
    s.open();
    expect(reconnects).toBe(1);
    s.listeners.get('hello')!({ data: '{"guildId":"1"}' } as MessageEvent<string>);
    expect(subscribed).toBe(1);
    expect(states).toEqual(['connecting', 'live', 'down', 'live']);
    conn.close();
    expect(s.closed).toBe(true);
  });

  it('opens a fresh EventSource when the browser gives up (CLOSED), with backoff', async () => {
    const sources: FakeSource[] = [];
    let reconnects = 0;
    const delays: number[] = [];
    const conn = connectLive(
      '/live',
      { onState: () => undefined, onReconnect: () => reconnects++, onSubscribed: () => undefined, onEvent: () => undefined },
      () => {
        const s = new FakeSource();
        sources.push(s);
        return s;
      },
      (n) => {
        delays.push(n);
        return 5;
      },
    );
    sources[0]!.open();
    sources[0]!.drop(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(sources).toHaveLength(2);
    sources[1]!.drop(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(sources).toHaveLength(3);
    expect(delays).toEqual([0, 1]);
    sources[2]!.open();
    expect(reconnects).toBe(1);
    conn.close();
  });
});

describe('live refresh', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('refetches at once, keeps one refetch per model in flight, and runs one more for what came meanwhile', async () => {
    const calls: { prefix: string; done: () => void }[] = [];
    const refresh = liveRefresher((prefix) => {
      const d = deferred();
      calls.push({ prefix, done: d.resolve });
      return d.promise;
    });
    refresh('cases');
    expect(calls.map((c) => c.prefix)).toEqual(['cases']);
    // A burst while the first is in flight: one more refetch afterwards, not one per change.
    refresh('cases');
    refresh('cases');
    refresh('audit_log');
    expect(calls.map((c) => c.prefix)).toEqual(['cases', 'audit_log']);
    calls[0]!.done();
    await settle();
    expect(calls.map((c) => c.prefix)).toEqual(['cases', 'audit_log', 'cases']);
    calls[2]!.done();
    calls[1]!.done();
    await settle();
    expect(calls).toHaveLength(3);
    refresh('cases');
    expect(calls).toHaveLength(4);
  });

  it('goes on after a failed refetch', async () => {
    let n = 0;
    const refresh = liveRefresher(() => (n++ === 0 ? Promise.reject(new Error('offline')) : Promise.resolve()));
    refresh('cases');
    await settle();
    refresh('cases');
    expect(n).toBe(2);
  });
});
