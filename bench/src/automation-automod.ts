/**
 * Automod speed (issue 11): `npm run bench:automod [-- --messages 100000 --decisions 300]`.
 *
 * 1. Decision in-process: one message observed and evaluated against 8 rules (every trigger),
 *    per message over a stream of synthetic chatter: p50/p99 in µs.
 * 2. Decision on the real store: a MessagePosted event appended to JetStream → the live automod
 *    part (its reactor over the store) → the AutomodRuleHit appended, which is what the bot's
 *    executor turns into the delete call: p50/p99 ms. The gateway's fact ingest and Discord's REST
 *    call itself are not in this figure.
 * 3. Backtest: an invite rule and a words rule over N stored messages (message_history in a
 *    database of its own, rows inserted directly): query, evaluation and total time.
 * Prints the load average with the figures; under load they are not quiet-machine numbers.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { automodHitsStreamId, backtestRule, compileRule, GuildWindow, observeAndEvaluate, RuleDefinitionSchema, type MessageObservation } from '@guildhall/automation';
import { automodPart } from '@guildhall/automation/automod';
import { automationHandler } from '@guildhall/automation/handler';
import { communityHandler } from '@guildhall/community/handler';
import { CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, migrate } from '@guildhall/eventing';
import { deleteStreams, NATS_URL, uniqueNames } from '@guildhall/eventing/testing';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { backtestHistory, memberProfilesProjection, messageHistoryProjection } from '@guildhall/projections';
import pg from 'pg';
import { databaseUrl, dropDatabase, percentile } from './support.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100000' }, decisions: { type: 'string', default: '300' } } });
const MESSAGES = Number(values.messages);
const DECISIONS = Number(values.decisions);
const BASE_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GUILD = '100000000000000001';
const CHANNEL = '600000000000000001';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Ann' };
const GATEWAY: Actor = { kind: 'system', id: 'discord-gateway', name: 'gateway' };
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const logger = createLogger('bench-automod', 'silent');

const CHATTER = ['hey everyone!', 'anyone up for a game later?', 'lol', 'gg', 'has anyone tried the new update?', 'check out https://example.com/build', 'WHY IS NOBODY ANSWERING', 'thanks @mod'];
const contentOf = (i: number): string =>
  i % 97 === 0 ? `JOIN MY SERVER discord.gg/spam${i}` : i % 101 === 0 ? 'FREE NITRO gift here http://disc0rd-gift.example' : (CHATTER[i % CHATTER.length] ?? '');
const authorOf = (i: number) => String(300000000000000000n + BigInt(i % 500));

const rules = [
  { name: 'invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }] },
  { name: 'links', trigger: { kind: 'links', mode: 'deny', hosts: ['disc0rd-gift.example', 'bit.ly'] }, actions: [{ kind: 'delete' }] },
  { name: 'words', trigger: { kind: 'words', words: ['scam', 'free nitro', 'buy followers'], patterns: ['n[i1]tr[o0]\\s*gift', '(a+)+b'] }, actions: [{ kind: 'delete' }] },
  { name: 'rate', trigger: { kind: 'message-rate', maxMessages: 8, perSeconds: 10 }, actions: [{ kind: 'warn' }] },
  { name: 'dupes', trigger: { kind: 'duplicates', maxDuplicates: 3, perSeconds: 60 }, actions: [{ kind: 'delete' }] },
  { name: 'mentions', trigger: { kind: 'mention-spam', maxMentions: 5 }, actions: [{ kind: 'delete' }] },
  { name: 'caps', trigger: { kind: 'caps' }, actions: [{ kind: 'warn' }] },
  { name: 'raid', trigger: { kind: 'raid', joins: 10, perSeconds: 30 }, actions: [{ kind: 'kick' }] },
].map((r, i) => compileRule(`r${i}`, 1, RuleDefinitionSchema.parse(r)));

const T0 = Date.now() - 3 * 86_400_000;
const observation = (i: number): MessageObservation => ({
  kind: 'message',
  messageId: String(700000000000000000n + BigInt(i)),
  channelId: CHANNEL,
  authorId: authorOf(i),
  authorName: `member${i % 500}`,
  authorBot: false,
  authorRoleIds: [],
  content: contentOf(i),
  createdAt: new Date(T0 + i * 1_000).toISOString(),
  mentionedUserIds: i % 50 === 0 ? ['1', '2', '3', '4', '5', '6'] : [],
  mentionedRoleIds: [],
  mentionsEveryone: false,
});

const inProcess = () => {
  const window = new GuildWindow();
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const o = observation(i);
    const t = performance.now();
    hits += observeAndEvaluate(rules, o, window).length;
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`automod decision in-process (8 rules, ${MESSAGES} messages, ${hits} hits): p50 ${percentile(times, 50).toFixed(1)} µs, p99 ${percentile(times, 99).toFixed(1)} µs — load ${load()}`);
};

const onTheStore = async () => {
  const names = uniqueNames('bench_automod');
  const nc = await connectNats(NATS_URL, 'bench-automod');
  const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
  const bus = await CommandBus.create({ nc, logger, ...names.bus });
  const handle = automationHandler(store);
  const community = communityHandler(store);
  const pool = new pg.Pool({ connectionString: databaseUrl(BASE_DB, 'postgres'), max: 1 });
  const part = await automodPart({ consumerName: `automod_${names.events.streamName}` }).start({ nc, store, bus, pool, ...names.events, logger, handle });
  try {
    let n = 0;
    const cmd = (type: string, payload: unknown, actor = ANN): CommandEnvelope => {
      const id = deterministicId('bench-automod', names.events.streamName, ++n);
      return { id, type, issuedAt: new Date().toISOString(), guildId: GUILD, actor, source: actor === ANN ? 'web' : 'discord', correlationId: id, causationId: null, payload };
    };
    await handle(cmd('CreateAutomodRule', { ruleId: 'invites', definition: { name: 'No invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }] } }));
    await handle(cmd('EnableAutomodRule', { ruleId: 'invites' }));
    await new Promise((r) => setTimeout(r, 500));
    const times: number[] = [];
    for (let i = 0; i < DECISIONS; i++) {
      const createdAt = new Date().toISOString();
      const messageId = String(800000000000000000n + BigInt(i));
      const hits = automodHitsStreamId(GUILD, 'invites', createdAt);
      const before = (await store.readStream(hits)).version;
      const t = performance.now();
      await community(cmd('RecordMessagePosted', { messageId, channelId: CHANNEL, author: { id: authorOf(i), username: `m${i}` }, content: `join discord.gg/x${i}`, createdAt }, GATEWAY));
      for (;;) {
        const { version } = await store.readStream(hits, { afterVersion: before });
        if (version > before) break;
        await new Promise((r) => setTimeout(r, 1));
      }
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`automod decision on the store (MessagePosted appended → AutomodRuleHit appended, ${DECISIONS} messages): p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (target for fact → delete call ≤ 100 ms) — load ${load()}`);
  } finally {
    await part.stop();
    await bus.close();
    await store.close();
    await deleteStreams(nc, names);
    await nc.close();
    await pool.end();
  }
};

const backtest = async () => {
  const db = `gh_bench_automod_${Date.now().toString(36)}`;
  const url = databaseUrl(BASE_DB, db);
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool, [messageHistoryProjection, memberProfilesProjection], logger);
    for (let start = 0; start < MESSAGES; start += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, MESSAGES - start) }, (_, k) => {
        const o = observation(start + k);
        return { guild_id: GUILD, message_id: o.messageId, channel_id: o.channelId, author_id: o.authorId, author_name: o.authorName, author_bot: false, created_at: o.createdAt, content: o.content, mentioned_user_ids: o.mentionedUserIds, mentioned_role_ids: [], mentions_everyone: false, attachment_count: 0, embed_count: 0, links: [], position: start + k + 1 };
      });
      await pool.query(
        `INSERT INTO rm_message_history.messages (guild_id, message_id, channel_id, author_id, author_name, author_bot, created_at, content, mentioned_user_ids, mentioned_role_ids, mentions_everyone, attachment_count, embed_count, links, position)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(guild_id text, message_id text, channel_id text, author_id text, author_name text, author_bot boolean, created_at timestamptz, content text, mentioned_user_ids text[], mentioned_role_ids text[], mentions_everyone boolean, attachment_count integer, embed_count integer, links text[], position bigint)`,
        [JSON.stringify(rows)],
      );
    }
    await pool.query('ANALYZE rm_message_history.messages');
    for (const rule of [rules[0]!, rules[2]!]) {
      const t0 = performance.now();
      const history = await backtestHistory(pool, { guildId: GUILD, from: new Date(T0 - 1_000) });
      const t1 = performance.now();
      const result = backtestRule(rule.definition, history.messages, history.joins);
      const t2 = performance.now();
      console.log(
        `automod backtest "${rule.definition.name}" over ${history.messages.length} stored messages: ${(t2 - t0).toFixed(0)} ms (query ${(t1 - t0).toFixed(0)} ms, evaluate ${(t2 - t1).toFixed(0)} ms), ${result.hits.length} hits (target ≤ 5000 ms) — load ${load()}`,
      );
    }
  } finally {
    await pool.end();
    await dropDatabase(BASE_DB, db);
  }
};

inProcess();
await onTheStore();
await backtest();
