import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ActionFailure, TransientFailure } from '../src/actions/action-failure.js';
import type { ActionRequest } from '../src/actions/action-request.js';
import { nonceOf, targetKey } from '../src/actions/action-request.js';
import { classify } from '../src/actions/discord-errors.js';
import { communityRoutes } from '../src/fact-router/community-routes.js';
import { moderationRoutes } from '../src/fact-router/moderation-routes.js';
import { validateFact, type DiscordFact } from '../src/facts/index.js';
import { makeFact } from '../src/ingest/fact-builder.js';
import { PresenceCounter } from '../src/ingest/presence-counter.js';
import { loadBotSettings, shardIdsOf } from '../src/settings.js';
import { formatDuration, parseDuration } from '../src/slash-commands/duration.js';
import { moderationRequest } from '../src/slash-commands/moderation-requests.js';
import { mayUse, seedGrants } from '../src/slash-commands/permissions.js';
import { DiscordAPIError, HTTPError } from 'discord.js';

const guildId = '1300610053832970241';
const meta = { shardId: 0, observedAt: '2026-01-01T00:00:00.000Z' };
const user = (id: string, username = `u${id}`) => ({ id, username, globalName: null, bot: false });

describe('settings', () => {
  it('parse shards, content policy and grants, and name every bad variable', () => {
    const s = loadBotSettings({ DISCORD_SHARDS: '1, 0', DISCORD_SHARD_COUNT: '2', DISCORD_MESSAGE_CONTENT: '1,2', GUILDHALL_MODERATOR_ROLES: '1:2' });
    expect(shardIdsOf(s)).toEqual([0, 1]);
    expect(s.DISCORD_MESSAGE_CONTENT).toEqual({ kind: 'guilds', guildIds: ['1', '2'] });
    expect(s.GUILDHALL_MODERATOR_ROLES).toEqual([{ guildId: '1', roleId: '2' }]);
    expect(shardIdsOf(loadBotSettings({ DISCORD_SHARD_COUNT: '3' }))).toEqual([0, 1, 2]);
    expect(() => loadBotSettings({ DISCORD_SHARDS: '2', DISCORD_SHARD_COUNT: '2', DISCORD_API_BASE: 'ftp://x' })).toThrow(
      /DISCORD_API_BASE: must be an http\(s\) URL[\s\S]*DISCORD_SHARDS: every shard id must be below DISCORD_SHARD_COUNT/,
    );
    expect(() => loadBotSettings({ ACTION_CONCURRENCY: 'many' })).toThrow(/ACTION_CONCURRENCY/);
  });
});

describe('facts', () => {
  it('ids are deterministic: the same Discord object gives the same fact id', () => {
    const payload = { member: { user: user('5'), nick: null, roleIds: [], joinedAt: '2026-01-01T00:00:00.000Z', communicationDisabledUntil: null, pending: false } };
    const a = makeFact('member-joined', guildId, ['5', '2026-01-01T00:00:00.000Z'], payload, meta);
    const b = makeFact('member-joined', guildId, ['5', '2026-01-01T00:00:00.000Z'], payload, { ...meta, observedAt: '2026-01-02T00:00:00.000Z' });
    expect(a.id).toBe(b.id);
    expect(makeFact('member-joined', guildId, ['5', '2026-02-01T00:00:00.000Z'], payload, meta).id).not.toBe(a.id);
  });

  it('a fact that does not match its schema is refused with the field named', () => {
    const bad = { ...makeFact('ban-added', guildId, ['x'], { user: user('5') }, meta), payload: { user: { id: 'not-a-snowflake' } } };
    const r = validateFact(bad);
    expect('reason' in r && r.reason).toMatch(/^ban-added\.payload\.user\.id: /);
    expect('reason' in validateFact({ ...bad, type: 'no-such-fact' }) && true).toBe(true);
  });
});

const auditFact = (actionType: number, changes: { key: string; old?: unknown; new?: unknown }[] = [], reason: string | null = 'because', executorIsSelf = false): DiscordFact =>
  makeFact(
    'audit-log-entry',
    guildId,
    ['9'],
    {
      entryId: '9',
      actionType,
      actionName: 'X',
      executor: user('7', 'mod'),
      executorIsSelf,
      targetId: '5',
      targetUser: user('5', 'target'),
      reason,
      changes,
      options: null,
    },
    meta,
  );

describe('fact router', () => {
  it('audit-log bans, kicks and timeouts become RecordDiscordAuditAction by the executor, with a deterministic id', () => {
    const [ban] = moderationRoutes(auditFact(22));
    expect(ban?.context).toBe('moderation');
    expect(ban?.command).toMatchObject({
      type: 'RecordDiscordAuditAction',
      actor: { kind: 'discord-user', id: '7', name: 'mod' },
      source: 'discord',
      payload: { auditLogEntryId: '9', action: 'ban', target: { id: '5', name: 'target' }, executorIsBot: false, reason: 'because', timeoutUntil: null },
    });
    expect(moderationRoutes(auditFact(22))[0]?.command.id).toBe(ban?.command.id);
    const until = '2026-03-01T00:00:00.000Z';
    expect(moderationRoutes(auditFact(24, [{ key: 'communication_disabled_until', new: until }]))[0]?.command.payload).toMatchObject({ action: 'timeout', timeoutUntil: until });
    expect(moderationRoutes(auditFact(24, [{ key: 'communication_disabled_until', old: until }]))[0]?.command.payload).toMatchObject({ action: 'untimeout' });
    expect(moderationRoutes(auditFact(24, [{ key: 'nick', new: 'x' }]))).toEqual([]);
    expect(moderationRoutes(auditFact(20, [], null, true))[0]?.command.payload).toMatchObject({ action: 'kick', executorIsBot: true, reason: null });
  });

  it('a sanctions snapshot becomes one ReconcileDiscordSanctions with the bans, timeouts and the catch-up entries moderation can read', () => {
    const entry = auditFact(22);
    const audit = entry.type === 'audit-log-entry' ? entry.payload : never();
    const until = '2026-03-01T00:00:00.000Z';
    const snapshot = makeFact(
      'sanctions-snapshot',
      guildId,
      ['snap'],
      { snapshotId: 'snap', bans: [{ user: user('5', 'target'), reason: 'raid' }], timeoutsKnown: true, timeouts: [{ user: user('6'), until }], audit: [audit, { ...audit, entryId: '10', actionType: 24, changes: [{ key: 'nick', new: 'x' }] }] },
      meta,
    );
    expect(validateFact(snapshot)).toHaveProperty('fact');
    const routed = moderationRoutes(snapshot);
    expect(routed.map((r) => [r.context, r.command.type])).toEqual([['moderation', 'ReconcileDiscordSanctions']]);
    expect(routed[0]?.command.payload).toEqual({
      snapshotId: 'snap',
      bans: [{ user: { id: '5', name: 'target' }, reason: 'raid' }],
      timeoutsKnown: true,
      timeouts: [{ user: { id: '6', name: 'u6' }, until }],
      audit: [{ auditLogEntryId: '9', action: 'ban', target: { id: '5', name: 'target' }, executor: { id: '7', name: 'mod' }, executorIsBot: false, reason: 'because' }],
    });
    expect(moderationRoutes(snapshot)[0]?.command.id).toBe(routed[0]?.command.id);
    expect(communityRoutes(snapshot)).toEqual([]);
  });

  it('member facts become community Record* commands; snapshots become joins and updates', () => {
    const joined = makeFact('member-joined', guildId, ['5', 'j'], { member: { user: user('5'), nick: 'Nick', roleIds: ['3'], joinedAt: '2026-01-01T00:00:00.000Z', communicationDisabledUntil: null, pending: false } }, meta);
    expect(communityRoutes(joined).map((c) => [c.context, c.command.type, c.command.payload])).toEqual([
      ['community', 'RecordMemberJoined', { user: { id: '5', username: 'u5', globalName: null, bot: false }, joinedAt: '2026-01-01T00:00:00.000Z', roles: ['3'], nickname: 'Nick' }],
    ]);
    const chunk = makeFact('guild-members-chunk', guildId, ['s', 0], { snapshotId: 's', chunkIndex: 0, chunkCount: 1, members: [joined.type === 'member-joined' ? joined.payload.member : never()] }, meta);
    expect(communityRoutes(chunk).map((c) => c.command.type)).toEqual(['RecordMemberJoined', 'RecordMemberUpdated']);
    const edit = makeFact('message-updated', guildId, ['m'], { messageId: '1', channelId: '2', author: null, before: null, after: { content: null }, contentIncluded: false, editedAt: null }, meta);
    expect(communityRoutes(edit)).toEqual([]);
  });

  it('a new message becomes RecordMessagePosted (content only when captured); system messages record nothing', () => {
    const base = { messageId: '9', channelId: '2', author: user('5'), content: 'hi discord.gg/x', contentIncluded: true, createdAt: '2026-01-01T00:00:00.000Z', attachmentCount: 1, embedCount: 0, mentionedUserIds: ['6'], mentionedRoleIds: [], mentionsEveryone: false, replyToMessageId: null, messageType: 0, webhookId: null };
    const posted = makeFact('message-created', guildId, ['9'], base, meta);
    expect(communityRoutes(posted).map((c) => [c.context, c.command.type, c.command.payload])).toEqual([
      ['community', 'RecordMessagePosted', { messageId: '9', channelId: '2', author: { id: '5', username: 'u5', globalName: null, bot: false }, content: 'hi discord.gg/x', createdAt: '2026-01-01T00:00:00.000Z', mentionedUserIds: ['6'], mentionedRoleIds: [], mentionsEveryone: false, attachmentCount: 1, embedCount: 0, replyToMessageId: null }],
    ]);
    const withheld = makeFact('message-created', guildId, ['9'], { ...base, content: null, contentIncluded: false }, meta);
    expect(communityRoutes(withheld)[0]?.command.payload).toMatchObject({ content: null });
    expect(communityRoutes(makeFact('message-created', guildId, ['10'], { ...base, messageId: '10', messageType: 7 }, meta))).toEqual([]);
  });
});

function never(): never {
  throw new Error('unreachable');
}

describe('presence counts', () => {
  it('aggregates statuses per guild and publishes only when they changed', () => {
    const p = new PresenceCounter();
    p.seed(guildId, [{ userId: '1', status: 'online' }, { userId: '2', status: 'idle' }]);
    p.update(guildId, '3', 'dnd');
    p.update(guildId, '1', 'offline');
    const first = p.flush(0, 1_000, () => 10);
    expect(first).toHaveLength(1);
    expect(first[0]?.payload).toMatchObject({ counts: { online: 0, idle: 1, dnd: 1, offline: 8 }, updates: 3 });
    expect(p.flush(1_000, 2_000, () => 10)).toEqual([]);
  });
});

describe('actions', () => {
  const ban: ActionRequest = { kind: 'ban', id: 'e1', guildId, requestedAt: '2026-01-01T00:00:00.000Z', auditLogReason: 'Case #1 — x — by Ada', userId: '5', deleteMessageSeconds: null };

  it('classify Discord refusals as permanent with a human reason, and 5xx / network errors as transient', () => {
    const forbidden = new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'PUT', '/x', {});
    const c = classify(ban, forbidden);
    expect(c).toBeInstanceOf(ActionFailure);
    expect(c).toMatchObject({ discordErrorCode: 50013, httpStatus: 403, reason: 'missing permission: the bot lacks Ban Members here, or its role is not high enough' });
    expect(classify(ban, new DiscordAPIError({ code: 10007, message: 'Unknown Member' }, 10007, 404, 'PUT', '/x', {}))).toMatchObject({ reason: 'member gone: user 5 is no longer in the server' });
    expect(classify(ban, new HTTPError(503, 'Service Unavailable', 'PUT', '/x', {}))).toBeInstanceOf(TransientFailure);
    expect(classify(ban, Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED') }))).toBeInstanceOf(TransientFailure);
  });

  it('one target, one queue; nonces fit Discord (25 characters) and derive from the event', () => {
    expect(targetKey(ban)).toBe(`member:${guildId}:5`);
    expect(nonceOf('8bced782-3c49-5fc3-a210-bf7f2aaaaaaa')).toBe('8bced7823c495fc3a210bf7f2');
    expect(nonceOf('8bced782-3c49-5fc3-a210-bf7f2aaaaaaa')).toHaveLength(25);
  });
});

describe('slash commands', () => {
  it('durations: 10m, 2h, 1d, 1w or minutes', () => {
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('2H')).toBe(7200);
    expect(parseDuration('15')).toBe(900);
    expect(parseDuration('0m')).toBeNull();
    expect(parseDuration('soon')).toBeNull();
    expect(formatDuration(5400)).toBe('1h 30m');
  });

  it('build the moderation command, or explain what is wrong', () => {
    const target = { id: '5', name: 'Bob' };
    const o = { target, reason: 'spam', text: null, duration: null, deleteMessageSeconds: 86_400 };
    expect(moderationRequest('ban', o)).toMatchObject({ type: 'BanMember', payload: { target, reason: 'spam', durationSeconds: null, deleteMessageSeconds: 86_400 } });
    expect(moderationRequest('ban', { ...o, duration: '7d' })).toMatchObject({ verb: 'Banned for 1w', payload: { durationSeconds: 604_800 } });
    expect(moderationRequest('timeout', { ...o, duration: '30d' })).toEqual({ error: 'Discord allows timeouts of at most 4w.' });
    expect(moderationRequest('note', o)).toEqual({ error: 'A note needs some text.' });
  });

  it("permission: the member's Discord permission, administrators, or a Guildhall grant of the command's level", () => {
    const settings = { moderatorRoles: [{ guildId, roleId: '42' }] };
    const grants = seedGrants(settings, guildId);
    const userId = '7';
    expect(mayUse('ban', { guildId, userId, permissions: PermissionFlagsBits.BanMembers, roleIds: [] }, grants)).toBe(true);
    expect(mayUse('ban', { guildId, userId, permissions: PermissionFlagsBits.KickMembers, roleIds: [] }, grants)).toBe(false);
    expect(mayUse('ban', { guildId, userId, permissions: PermissionFlagsBits.Administrator, roleIds: [] }, grants)).toBe(true);
    expect(mayUse('ban', { guildId, userId, permissions: 0n, roleIds: ['42'] }, grants)).toBe(true);
    expect(mayUse('ban', { guildId: '1', userId, permissions: 0n, roleIds: ['42'] }, seedGrants(settings, '1'))).toBe(false);
    expect(mayUse('purge', { guildId, userId, permissions: PermissionFlagsBits.ManageMessages, roleIds: [] }, grants)).toBe(true);
    expect(mayUse('purge', { guildId, userId, permissions: PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.BanMembers, roleIds: [] }, grants)).toBe(false);
    // A viewer grant made in Guildhall (to the user) opens /case and /history, not /ban; an expired one nothing.
    const viewer = [{ subject: { kind: 'user' as const, id: userId }, level: 'viewer' as const, expiresAt: null }];
    expect(mayUse('case', { guildId, userId, permissions: 0n, roleIds: [] }, viewer)).toBe(true);
    expect(mayUse('ban', { guildId, userId, permissions: 0n, roleIds: [] }, viewer)).toBe(false);
    expect(mayUse('case', { guildId, userId, permissions: 0n, roleIds: [] }, [{ ...viewer[0]!, expiresAt: '2000-01-01T00:00:00.000Z' }])).toBe(false);
  });
});
