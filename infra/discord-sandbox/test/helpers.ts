import { Client, GatewayIntentBits, Partials, type ClientEvents } from 'discord.js';
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
