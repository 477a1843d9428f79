import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zlibConstants, createDeflate, type Deflate } from 'node:zlib';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WorldContext } from '../world/context.js';
import { GatewayConnection, type GatewayHost } from './connection.js';
import { wantsDispatch, withoutContentIfNeeded, PRIVILEGED_INTENTS } from './intents.js';
import type { GatewaySession } from './session.js';
import type { VoiceHub } from '../voice/hub.js';

export interface GatewayOptions {
  ctx: WorldContext;
  logger: Logger;
  heartbeatIntervalMs?: number;
  /** How long a disconnected session can still be resumed. */
  sessionTtlMs?: number;
  enabledPrivilegedIntents?: number;
  publicUrl(): string;
}

export interface DisconnectFault {
  /** Close code sent to clients; 4000 lets discord.js resume. */
  code?: number;
  /** op 7 RECONNECT instead of a close, or op 9 INVALID_SESSION (not resumable). */
  mode?: 'close' | 'reconnect' | 'invalidate';
}

/** The gateway: a `ws` server on the HTTP server's upgrade of /gateway, fed by the world's dispatches. */
export class GatewayServer implements GatewayHost {
  readonly ctx: WorldContext;
  readonly logger: Logger;
  readonly heartbeatIntervalMs: number;
  readonly sessions = new Map<string, GatewaySession>();
  readonly enabledPrivilegedIntents: number;
  swallowHeartbeats = 0;
  voice: VoiceHub | null = null;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private readonly connections = new Set<GatewayConnection>();
  private readonly sessionTtlMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: GatewayOptions) {
    this.ctx = options.ctx;
    this.logger = options.logger;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.sessionTtlMs = options.sessionTtlMs ?? 5 * 60_000;
    this.enabledPrivilegedIntents = options.enabledPrivilegedIntents ?? PRIVILEGED_INTENTS;
    this.unsubscribe = this.ctx.bus.on((dispatch) => {
      const world = this.ctx.world;
      for (const session of this.sessions.values()) {
        if (dispatch.guildId && !this.inShard(dispatch.guildId, session)) continue;
        if (!dispatch.guildId && session.shard[0] !== 0) continue;
        if (!wantsDispatch(world, session.intents, dispatch)) continue;
        const shaped = withoutContentIfNeeded(world, session.intents, dispatch);
        session.dispatch(shaped.t, shaped.d);
      }
    });
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  resumeUrl(): string {
    return `${this.options.publicUrl().replace(/^http/, 'ws')}/gateway`;
  }

  onIdentified(session: GatewaySession): void {
    this.logger.info({ sessionId: session.id, intents: session.intents, shard: session.shard }, 'gateway session identified');
  }

  private inShard(guildId: string, session: GatewaySession): boolean {
    return Number((BigInt(guildId) >> 22n) % BigInt(session.shard[1])) === session.shard[0];
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.disconnectedAt !== null && now - s.disconnectedAt > this.sessionTtlMs) this.sessions.delete(id);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url.searchParams));
  }

  private accept(ws: WebSocket, params: URLSearchParams): void {
    const version = params.get('v');
    const encoding = params.get('encoding') ?? 'json';
    const compress = params.get('compress');
    let deflate: Deflate | null = null;
    if (compress === 'zlib-stream') {
      deflate = createDeflate({ flush: zlibConstants.Z_SYNC_FLUSH });
      deflate.on('data', (chunk: Buffer) => ws.readyState === ws.OPEN && ws.send(chunk));
    }
    const link = {
      send: (data: string) => {
        if (ws.readyState !== ws.OPEN) return;
        if (deflate) deflate.write(data); // flushed per write (Z_SYNC_FLUSH), as zlib-stream expects
        else ws.send(data);
      },
      close: (code: number, reason: string) => ws.close(code, reason),
    };
    if (version !== null && !['9', '10'].includes(version)) return ws.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version.');
    if (encoding !== 'json') return ws.close(GatewayCloseCodes.DecodeError, 'Only encoding=json is supported by the sandbox.');
    const conn = new GatewayConnection(this, link);
    this.connections.add(conn);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return conn.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      conn.receive(data.toString());
    });
    ws.on('close', () => {
      conn.closedByPeer();
      this.connections.delete(conn);
      deflate?.destroy();
    });
    ws.on('error', (err) => this.logger.debug({ err }, 'gateway socket error'));
  }

  /** Fault injection: drop every connected client the way Discord sometimes does. */
  disconnectAll(fault: DisconnectFault = {}): number {
    const live = [...this.connections];
    for (const conn of live) {
      if (fault.mode === 'reconnect') conn.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
      else if (fault.mode === 'invalidate') {
        if (conn.session) this.sessions.delete(conn.session.id);
        conn.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      } else conn.close(fault.code ?? GatewayCloseCodes.UnknownError, 'Disconnected by the sandbox');
    }
    return live.length;
  }

  /** After a world reset every session is stale: clients must IDENTIFY again. */
  invalidateAll(): void {
    this.disconnectAll({ mode: 'invalidate' });
    this.sessions.clear();
  }

  connectedSessions(): { id: string; intents: number; shard: [number, number]; seq: number; connected: boolean }[] {
    return [...this.sessions.values()].map((s) => ({ id: s.id, intents: s.intents, shard: s.shard, seq: s.seq, connected: s.link !== null }));
  }

  async close(): Promise<void> {
    this.unsubscribe();
    clearInterval(this.sweeper);
    for (const conn of this.connections) conn.close(1001, 'Sandbox stopping');
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
