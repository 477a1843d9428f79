import { Client, GatewayIntentBits, Partials, type ClientEvents } from 'discord.js';
import WebSocket from 'ws';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../src/index.js';

export const ALL_TEST_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildPresences,
  GatewayIntentBits.DirectMessages,
];

export const sandbox = (opts: SandboxOptions = {}): Promise<SandboxHandle> => startSandbox({ port: 0, ...opts });

/** A real discord.js client logged in against the sandbox. */
export const connectBot = async (sb: SandboxHandle, intents: number[] = ALL_TEST_INTENTS): Promise<Client<true>> => {
  const client = new Client({
    intents,
    partials: [Partials.Message, Partials.Channel, Partials.GuildMember, Partials.User],
    rest: { api: `${sb.url}/api`, retries: 3 },
    waitGuildTimeout: 1000,
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(sb.bot.token);
  await ready;
  return client as Client<true>;
};

/** Resolves with the next `event` whose arguments satisfy `match`, or fails after `ms`. */
export const nextEvent = <E extends keyof ClientEvents>(
  client: Client,
  event: E,
  match: (...args: ClientEvents[E]) => boolean = () => true,
  ms = 5000,
): Promise<ClientEvents[E]> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${String(event)} event within ${ms} ms`));
    }, ms);
    const listener = (...args: ClientEvents[E]) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    client.on(event, listener);
  });

export const controlPost = async (sb: SandboxHandle, path: string, body: unknown): Promise<Response> =>
  fetch(`${sb.url}/_sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export interface Frame {
  op: number;
  t?: string | null;
  s?: number | null;
  d?: unknown;
}

/** A raw gateway client: what any Discord library does on the wire. */
export class RawGateway {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.notify();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
  }

  /** The sandbox's main gateway, or any ws(s) URL (e.g. the voice gateway, with its CA). */
  static async open(url: string, options?: WebSocket.ClientOptions): Promise<RawGateway> {
    const ws = new WebSocket(url.startsWith('http') ? `${url.replace(/^http/, 'ws')}/gateway?v=10&encoding=json` : url, options);
    const gw = new RawGateway(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return gw;
  }

  private notify() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(payload: unknown) {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  async until<T>(check: () => T | undefined | null | false, ms = 3000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${this.frames.map((f) => f.t ?? f.op).join(',')} closed: ${JSON.stringify(this.closed)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  dispatch(t: string, from = 0): Frame | undefined {
    return this.frames.slice(from).find((f) => f.op === 0 && f.t === t);
  }

  closeCode(): Promise<number> {
    return this.until(() => this.closed?.code);
  }
}

/** Polls a check until it gives a value (a bot's answer to an interaction, ...); throws after `ms`. */
export const waitFor = async <T>(check: () => T | null | undefined | false, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};
