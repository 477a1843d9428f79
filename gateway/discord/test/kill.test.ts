import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotSettings } from '../src/settings.js';
import {
  commandEnvelope,
  connectInfra,
  deleteStreams,
  eventsOfType,
  eventually,
  settingsFor,
  startModeration,
  startTestSandbox,
  uniqueEnv,
  type Infra,
} from './support.js';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const env = uniqueEnv('kill');
const bots = new Set<ChildProcess>();
let sandbox: SandboxHandle;
let settings: BotSettings;
let infra: Infra;
let moderation: { stop: () => Promise<void> };
let messaging: { stop: () => Promise<void> };
let guildId: string;
/** The running bot: each test kills it mid-action and leaves the restarted one for the next. */
let bot: ChildProcess;

/** The real bot service (src/main.ts) in its own process; resolves when it logs `ready`. */
const startBotProcess = async (): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    // A long retry backoff so a test can kill the bot while it waits to retry.
    env: { ...process.env, ...env, METRICS_PORT: '0', SANDBOX_URL: sandbox.url, LOG_LEVEL: 'info', ACTION_RETRY_BASE_MS: '3000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  bots.add(child);
  child.once('exit', () => bots.delete(child));
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        if (line.includes('"msg":"ready"')) resolve();
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code, signal) => reject(new Error(`bot exited before ready (code ${code}, signal ${signal})`)));
  });
  return child;
};

const killHard = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
};

/** Resolves once the sandbox has taken (i.e. received) the request the fault was waiting for. */
const requestArrived = (faultId: number) => eventually(() => !sandbox.world.faults().some((f) => f.id === faultId), 15_000, 'the request to reach the sandbox');

const outcomeOf = (requestId: string) =>
  eventually(
    async () => {
      const list = (await infra.store.readAll()).filter(
        (e) => (e.type === 'DiscordActionSucceeded' || e.type === 'DiscordActionFailed') && (e.payload as { requestId: string }).requestId === requestId,
      );
      return list.length > 0 ? list : undefined;
    },
    20_000,
    'the outcome',
  );

beforeAll(async () => {
  sandbox = await startTestSandbox();
  settings = settingsFor(env, sandbox);
  infra = await connectInfra(settings, 'kill-test');
  moderation = await startModeration(infra);
  messaging = await registerMessaging(infra.bus, infra.store);
  guildId = sandbox.world.mainGuild().base.id;
  bot = await startBotProcess();
});

afterAll(async () => {
  for (const b of bots) b.kill('SIGKILL');
  await moderation?.stop();
  await messaging?.stop();
  await sandbox?.stop();
  if (infra) {
    await deleteStreams(infra.nc, env);
    await infra.nc.close();
  }
});

describe('the bot killed with SIGKILL mid-action, then restarted', () => {
  it('a ban whose REST call was in flight completes once: one ban, one PUT, one outcome', async () => {
    const target = sandbox.world.join({ guildId }).user.id;
    // Hold the PUT in the sandbox long enough to kill the bot while it waits for the answer.
    const fault = sandbox.world.addFault({ kind: 'latency', method: 'PUT', path: `/bans/${target}`, count: 1, ms: 1_500 });
    const command = commandEnvelope('BanMember', guildId, { target: { id: target, name: 'victim' }, reason: 'kill test' });
    expect((await infra.bus.send(command, { context: 'moderation', waitMs: 5_000 })).status).toBe('accepted');
    await requestArrived(fault.id);
    await killHard(bot);

    bot = await startBotProcess();
    const outcomes = await outcomeOf(command.id);
    expect(outcomes.map((e) => e.type)).toEqual(['DiscordActionSucceeded']);
    expect(sandbox.world.bans(guildId).filter((b) => b.user.id === target)).toHaveLength(1);
    expect(sandbox.world.restCalls({ method: 'PUT', path: `/bans/${target}` })).toHaveLength(1);
    const banEntries = sandbox.world.auditLog(guildId).filter((e) => e.action_type === 22 && e.target_id === target);
    expect(banEntries).toHaveLength(1);
  });

  it('a ban killed while waiting to retry a 503 is carried out after the restart, exactly once', async () => {
    const target = sandbox.world.join({ guildId }).user.id;
    const fault = sandbox.world.addFault({ kind: 'server_error', method: 'PUT', path: `/bans/${target}`, count: 1, status: 503 });
    const command = commandEnvelope('BanMember', guildId, { target: { id: target, name: 'victim2' }, reason: 'retry kill' });
    await infra.bus.send(command, { context: 'moderation', waitMs: 5_000 });
    await requestArrived(fault.id);
    await killHard(bot);

    bot = await startBotProcess();
    expect((await outcomeOf(command.id)).map((e) => e.type)).toEqual(['DiscordActionSucceeded']);
    expect(sandbox.world.restCalls({ method: 'PUT', path: `/bans/${target}` }).map((c) => c.status)).toEqual([503, 204]);
    expect(sandbox.world.bans(guildId).filter((b) => b.user.id === target)).toHaveLength(1);
  });

  it('a message whose POST was in flight is posted once (nonce + enforce_nonce), and its outcome names it', async () => {
    const channel = sandbox.world.channelByName(guildId, 'general');
    const fault = sandbox.world.addFault({ kind: 'latency', method: 'POST', path: `/channels/${channel.id}/messages`, count: 1, ms: 1_500 });
    const command = commandEnvelope('SendMessage', guildId, { channelId: channel.id, content: 'exactly once, please' });
    expect((await infra.bus.send(command, { context: 'messaging', waitMs: 5_000 })).status).toBe('accepted');
    await requestArrived(fault.id);
    await killHard(bot);

    bot = await startBotProcess();
    const sent = await eventually(async () => {
      const list = (await eventsOfType(infra.store, 'MessageSent')).filter((e) => (e.payload as { requestId: string }).requestId === command.id);
      return list.length > 0 ? list : undefined;
    }, 20_000);
    expect(sent).toHaveLength(1);
    const copies = sandbox.world.messages(channel.id).filter((m) => m.content === 'exactly once, please');
    expect(copies).toHaveLength(1);
    expect((sent[0]!.payload as { messageId: string }).messageId).toBe(copies[0]!.id);
    // The restarted bot did post again, with the same nonce, and Discord's nonce dedupe answered
    // with the first message.
    const posts = sandbox.world.restCalls({ method: 'POST', path: `/channels/${channel.id}/messages` });
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(posts.map((c) => (c.body as { nonce?: string }).nonce)).size).toBe(1);
  });
});
