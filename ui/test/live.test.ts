import { describe, expect, it } from 'vitest';
import { connectLive, type EventSourceLike } from '../src/live/connection.js';

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
    const conn = connectLive('/live', { onState: (s) => states.push(s), onReconnect: () => reconnects++, onEvent: (t, d) => got.push(`${t}:${d}`) }, () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    });
    const s = sources[0]!;
    s.open();
    expect(reconnects).toBe(0);
    s.listeners.get('rm')!({ data: '{"model":"cases"}' } as MessageEvent<string>);
    expect(got).toEqual(['rm:{"model":"cases"}']);
    // The browser retries by itself (CONNECTING): down, then back.
    s.drop(0);
    s.open();
    expect(reconnects).toBe(1);
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
      { onState: () => undefined, onReconnect: () => reconnects++, onEvent: () => undefined },
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
