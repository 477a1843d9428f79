import { GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import type { Dispatch } from '../world/dispatch.js';

/** Something that can carry gateway payloads to one client (a WebSocket connection). */
export interface GatewayLink {
  send(payload: string): void;
  close(code: number, reason: string): void;
}

interface Buffered {
  s: number;
  payload: string;
}

/** Dispatches kept per session for RESUME; older ones force a fresh IDENTIFY (op 9). */
const REPLAY_BUFFER = 2000;

/**
 * A gateway session: outlives its connection so that a client can RESUME and get the
 * dispatches it missed, numbered by `s` as Discord does.
 */
export class GatewaySession {
  seq = 0;
  link: GatewayLink | null = null;
  disconnectedAt: number | null = null;
  private readonly buffer: Buffered[] = [];

  constructor(
    readonly id: string,
    readonly intents: number,
    readonly shard: [number, number],
    readonly largeThreshold: number,
  ) {}

  dispatch(t: Dispatch['t'] | GatewayDispatchEvents.Resumed, d: unknown): void {
    this.seq += 1;
    const payload = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: this.seq, d });
    this.buffer.push({ s: this.seq, payload });
    if (this.buffer.length > REPLAY_BUFFER) this.buffer.shift();
    this.link?.send(payload);
  }

  /** Payloads after `seq`, or null when some of them were already dropped. */
  missedSince(seq: number): string[] | null {
    if (seq > this.seq) return null;
    const first = this.buffer[0];
    if (seq < this.seq && (!first || first.s > seq + 1)) return null;
    return this.buffer.filter((b) => b.s > seq).map((b) => b.payload);
  }

  attach(link: GatewayLink): void {
    this.link = link;
    this.disconnectedAt = null;
  }

  detach(link: GatewayLink, at: number): void {
    if (this.link !== link) return;
    this.link = null;
    this.disconnectedAt = at;
  }
}
