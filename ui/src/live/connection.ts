/**
 * One guild's SSE connection, with what the dashboard needs on top of EventSource: a state a
 * person can be shown, a callback on every *re*connect (so the caller refetches what may have
 * changed while it was away), and a fresh EventSource with backoff when the browser gives up
 * (EventSource stops retrying after an HTTP error answer).
 */
export type LiveState = 'connecting' | 'live' | 'down';

export type LiveHandlers = Readonly<{
  onState: (state: LiveState) => void;
  /** The stream is open again after having been open before: anything may have changed meanwhile. */
  onReconnect: () => void;
  /**
   * The first `hello`: the server now follows the guild for this page. What the page read before
   * it may predate a change whose notification went out before the server subscribed (a page
   * opened just as something changed), so it is asked again once.
   */
  onSubscribed: () => void;
  onEvent: (type: string, data: string) => void;
}>;

export type EventSourceLike = {
  readonly readyState: number;
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void): void;
  close(): void;
};
export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;
export const LIVE_EVENTS = ['rm', 'bot-status', 'hello', 'closed'] as const;

export const connectLive = (
  url: string,
  handlers: LiveHandlers,
  open: EventSourceFactory = (u) => new EventSource(u) as unknown as EventSourceLike,
  retryMs: (attempt: number) => number = (n) => Math.min(1_000 * 2 ** n, 30_000),
): { close(): void } => {
  let source: EventSourceLike | undefined;
  let everOpen = false;
  let subscribed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const start = () => {
    const s = open(url);
    source = s;
    s.onopen = () => {
      attempt = 0;
      handlers.onState('live');
      if (everOpen) handlers.onReconnect();
      everOpen = true;
    };
    s.onerror = () => {
      if (closed) return;
      handlers.onState(everOpen ? 'down' : 'connecting');
      if (s.readyState === CLOSED) {
        s.close();
        timer = setTimeout(start, retryMs(attempt++));
      }
    };
    for (const type of LIVE_EVENTS) {
      s.addEventListener(type, (e) => {
        // Only the very first hello: after a reconnect, onReconnect has refetched everything already.
        if (type === 'hello' && !subscribed) {
          subscribed = true;
          handlers.onSubscribed();
        }
        handlers.onEvent(type, e.data);
      });
    }
  };
  handlers.onState('connecting');
  start();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
};
