/**
 * bench/actions: Discord actions carried out by the bot's executor against the sandbox —
 * actions/s, and the delay from the request event (its occurredAt) to Discord's REST call (the
 * sandbox's call log time), p50/p99, at a few concurrency settings. Prints; asserts nothing.
 *   npm run bench:actions                 (BENCH_ACTIONS=300 per run, BENCH_CONCURRENCY=1,16,64)
 *   BENCH_RATE_LIMITS=1 npm run bench:actions   (keep the sandbox's scaled Discord rate limits)
 */
import { randomBytes } from 'node:crypto';
import type { RestCall } from '@guildhall/discord-sandbox';
import { CommandBus, commandBusNames, connectNats, createLogger, JetStreamEventStore, type EventStore } from '@guildhall/eventing';
import { loadBotSettings, nonceOf, startBot } from '@guildhall/gateway-discord';
import { deterministicId, type NewEvent } from '@guildhall/kernel';
import { caseStreamId, formatAuditReason } from '@guildhall/moderation';
import { register as registerModeration } from '@guildhall/moderation/handler';
import { outgoingMessageStreamId } from '@guildhall/messaging';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { jetstreamManager } from '@nats-io/jetstream';
import { SandboxProcess } from './sandbox-process.js';
import { perSecond, printTable } from './table.js';
import { percentile } from './support.js';

const N = Number(process.env.BENCH_ACTIONS ?? 300);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);
const logger = createLogger('bench-actions', process.env.BENCH_LOG_LEVEL ?? 'warn');
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

type Kind = 'ban' | 'timeout' | 'message';
type Request = { kind: Kind; eventId: string; userId: string; at: number };


const moderator = { kind: 'dashboard-user' as const, id: 'bench-mod', name: 'Bench Moderator' };

const envelope = (id: string, type: string, payload: unknown, guildId: string, at: string): NewEvent => ({
  id,
  type,
  schemaVersion: 1,
  occurredAt: at,
  guildId,
  actor: moderator,
  source: 'web',
  correlationId: id,
  causationId: null,
  payload,
});

/** What the case decider stores for a Guildhall ban/timeout: CaseOpened + DiscordActionRequested, one commit. */
const caseCommit = (guildId: string, caseNumber: number, kind: 'ban' | 'timeout', userId: string, run: string): NewEvent[] => {
  const now = new Date().toISOString();
  const requestId = `bench-${run}-${caseNumber}`;
  const target = { id: userId, name: `member-${userId.slice(-4)}` };
  const expiresAt = kind === 'timeout' ? new Date(Date.now() + 3_600_000).toISOString() : null;
  const request = {
    requestId,
    origin: 'guildhall',
    action: kind,
    target,
    moderator,
    reason: 'bench',
    durationSeconds: kind === 'timeout' ? 3600 : null,
    expiresAt,
    deleteMessageSeconds: kind === 'ban' ? 0 : null,
    bulkId: null,
    auditLogEntryId: null,
    liftsCaseNumber: null,
    requestedAt: now,
  };
  return [
    envelope(deterministicId(requestId, 0), 'CaseOpened', { ...request, caseNumber, openedAt: now }, guildId, now),
    envelope(deterministicId(requestId, 1), 'DiscordActionRequested', {
      actionId: `case-${caseNumber}-sanction`,
      caseNumber,
      requestId,
      purpose: 'sanction',
      action: kind,
      target,
      auditLogReason: formatAuditReason(caseNumber, 'bench', moderator.name),
      timeoutUntil: expiresAt,
      deleteMessageSeconds: kind === 'ban' ? 0 : null,
      requestedAt: now,
    }, guildId, now),
  ];
};

const messageCommit = (guildId: string, channelId: string, requestId: string): NewEvent[] => {
  const now = new Date().toISOString();
  return [
    envelope(deterministicId(requestId, 0), 'MessageSendRequested', {
      requestId,
      channelId,
      content: `bench message ${requestId}`,
      embeds: [],
      replyToMessageId: null,
      allowedMentions: { everyone: false, roles: false, users: true },
      requestedBy: moderator,
      requestedAt: now,
    }, guildId, now),
  ];
};

/** The REST call that carries out a request: the ban PUT, the member PATCH, the message POST (by nonce). */
const restCallOf = (calls: readonly RestCall[], guildId: string, r: Request): RestCall | undefined => {
  const ok = (c: RestCall) => c.status < 300;
  switch (r.kind) {
    case 'ban':
      return calls.find((c) => ok(c) && c.method === 'PUT' && c.path === `/guilds/${guildId}/bans/${r.userId}`);
    case 'timeout':
      return calls.find((c) => ok(c) && c.method === 'PATCH' && c.path === `/guilds/${guildId}/members/${r.userId}`);
    case 'message':
      return calls.find((c) => ok(c) && c.method === 'POST' && (c.body as { nonce?: string } | undefined)?.nonce === nonceOf(r.eventId));
  }
};

/**
 * burst: every request stored at once (throughput, and the delay includes queueing);
 * paced: one request at a time, the next once the previous is done (the pipeline's own delay).
 */
const runOnce = async (sandbox: SandboxProcess, concurrency: number, mode: 'burst' | 'paced', n: number, requestsPerSecond = 50) => {
  const run = randomBytes(4).toString('hex');
  const env = {
    NATS_URL: natsUrl,
    EVENTS_STREAM: `BENCH_EV_${run}`,
    EVENTS_SUBJECT_PREFIX: `bes_${run}`,
    COMMANDS_STREAM: `BENCH_CMD_${run}`,
    COMMANDS_SUBJECT_PREFIX: `bcmd_${run}`,
    COMMAND_RESULTS_BUCKET: `BENCH_RES_${run}`,
    DEAD_LETTERS_STREAM: `BENCH_DLQ_${run}`,
    DEAD_LETTERS_SUBJECT_PREFIX: `bdlq_${run}`,
    DISCORD_STREAM: `BENCH_DISC_${run}`,
    DISCORD_SUBJECT_PREFIX: `bdisc_${run}`,
    STATUS_BUCKET: `BENCH_STATUS_${run}`,
    STATUS_SUBJECT_PREFIX: `bstatus_${run}`,
    BOT_INSTANCE_ID: `bench_${run}`,
    ACTION_CONCURRENCY: String(concurrency),
    DISCORD_REQUESTS_PER_SECOND: String(requestsPerSecond),
    SANDBOX_URL: sandbox.url,
  };
  const settings = loadBotSettings(env);
  const nc = await connectNats(natsUrl, 'bench-actions');
  const store: EventStore = await JetStreamEventStore.create({ nc, streamName: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  const handlers = [await registerModeration(bus, store), await registerMessaging(bus, store)];

  const state = await sandbox.control<{ guilds: { id: string; name: string; channels: { id: string; name: string }[] }[] }>('GET', '/state?messages=0');
  const main = state.guilds.find((g) => g.name === 'Guildhall Sandbox')!;
  const guildId = main.id;
  const channelId = main.channels.find((c) => c.name === 'general')!.id;
  const targets: string[] = [];
  for (let i = 0; i < n; i++) targets.push((await sandbox.control<{ user: { id: string } }>('POST', '/act/join', { guildId })).user.id);
  await sandbox.control('DELETE', '/rest-calls');

  // The executor alone (no gateway): what is measured is request event → Discord.
  const bot = await startBot({
    settings,
    logger,
    nc,
    credentials: { token: sandbox.token, apiBase: `${sandbox.url}/api`, target: 'sandbox' },
    parts: { gateway: false, factRouter: false, executor: true },
  });

  const requests: Request[] = [];
  const done = () => (bot.executor?.snapshot().succeeded ?? 0) + (bot.executor?.snapshot().failed ?? 0);
  const until = async (count: number, pollMs: number) => {
    const deadline = Date.now() + 120_000;
    while (done() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, pollMs));
  };
  const request = async (userId: string, i: number) => {
    const kind: Kind = (['ban', 'timeout', 'message'] as const)[i % 3]!;
    const events = kind === 'message' ? messageCommit(guildId, channelId, `bench-${run}-msg-${i}`) : caseCommit(guildId, i + 1, kind, userId, run);
    const streamId = kind === 'message' ? outgoingMessageStreamId(guildId, `bench-${run}-msg-${i}`) : caseStreamId(guildId, i + 1);
    const last = events.at(-1)!;
    requests.push({ kind, eventId: last.id, userId, at: Date.parse(last.occurredAt) });
    await store.append(streamId, events, 0);
  };
  const started = Date.now();
  if (mode === 'burst') {
    await Promise.all(targets.map(request));
    await until(n, 50);
  } else {
    for (const [i, userId] of targets.entries()) {
      await request(userId, i);
      await until(i + 1, 1);
    }
  }
  const stats = bot.executor?.snapshot();
  const calls = await sandbox.control<RestCall[]>('GET', '/rest-calls');
  const delays = requests
    .map((r) => {
      const call = restCallOf(calls, guildId, r);
      return call ? Date.parse(call.at) - r.at : undefined;
    })
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  const lastCall = Math.max(...requests.map((r) => Date.parse(restCallOf(calls, guildId, r)?.at ?? '0')));

  await bot.stop();
  for (const h of handlers) await h.stop();
  const jsm = await jetstreamManager(nc);
  for (const s of [env.EVENTS_STREAM, env.COMMANDS_STREAM, env.DEAD_LETTERS_STREAM, env.DISCORD_STREAM, `KV_${env.COMMAND_RESULTS_BUCKET}`, `KV_${env.STATUS_BUCKET}`]) {
    await jsm.streams.delete(s).catch(() => undefined);
  }
  await nc.close();
  return {
    mode,
    'global req/s': requestsPerSecond,
    concurrency,
    actions: n,
    succeeded: stats?.succeeded ?? 0,
    failed: stats?.failed ?? 0,
    'actions/s': perSecond(delays.length, lastCall - started),
    'p50 ms': percentile(delays, 50),
    'p99 ms': percentile(delays, 99),
    'max ms': delays.at(-1) ?? NaN,
    'REST calls/action': (calls.length / n).toFixed(2),
  };
};

const rateLimits = process.env.BENCH_RATE_LIMITS === '1';
const sandbox = await SandboxProcess.start();
await sandbox.control('POST', '/rate-limits', { scale: rateLimits ? 0.2 : 0 });
const rows = [];
try {
  rows.push(await runOnce(sandbox, 1, 'paced', Math.min(N, 60)));
  for (const c of CONCURRENCY) rows.push(await runOnce(sandbox, c, 'burst', N));
  // Discord's global limit lifted (the sandbox has none): what the pipeline itself sustains.
  for (const c of CONCURRENCY.filter((x) => x > 1)) rows.push(await runOnce(sandbox, c, 'burst', N, 10_000));
} finally {
  sandbox.stop();
}
printTable(
  `bench/actions: ban / timeout / message in turn against the sandbox, rate limits ${rateLimits ? 'on (x0.2 windows)' : 'off'}; delay = request event stored → Discord REST call answered`,
  rows,
);
console.log(
  '\npaced: one request at a time (the delay is the pipeline itself); burst: all stored at once (queueing included).' +
    '\nREST calls/action counts the look before acting (GET ban / GET member) and the call itself. discord.js paces' +
    '\nall calls to Discord\'s global limit (50/s by default) and runs one call at a time per route bucket.',
);
