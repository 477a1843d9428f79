import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkActionStreamId, caseStreamId, guildCasesStreamId, memberRecordStreamId, reactToModerationEvent } from '../src/index.js';
import { register } from '../src/handler.js';
import {
  believedSanctions,
  ExpiryScheduler,
  expireCommandId,
  scheduledExpiries,
  startModerationService,
  type ModerationService,
} from '../src/runtime/index.js';
import {
  answerDiscord,
  auditFactCommand,
  caseOf,
  createRuntimeWorld,
  eventually,
  eventsOfType,
  freshGuild,
  logger,
  ManualClock,
  memberOf,
  openDiscordActions,
  send,
  user,
  userCommand,
  type RuntimeWorld,
} from './runtime-support.js';

let world: RuntimeWorld;
let service: ModerationService;
const clock = new ManualClock();

const startService = () =>
  startModerationService({
    nc: world.nc,
    store: world.store,
    bus: world.bus,
    pool: world.pool,
    ...world.names.events,
    logger,
    clock: clock.now,
    handlerConcurrency: 16,
    process: { ackWaitMs: 2_000, resultWaitMs: 2_000 },
    expiry: { tickMs: 50 },
  });

beforeAll(async () => {
  world = await createRuntimeWorld('modrt');
  service = await startService();
}, 30_000);

afterAll(async () => {
  await service?.stop();
  await world?.dispose();
});

/** Waits until the guild has `n` open Discord actions, then returns them. */
const discordActions = (guildId: string, n: number) =>
  eventually(async () => {
    const open = await openDiscordActions(world.store, guildId);
    return open.length >= n ? open : undefined;
  }, 30_000, `${n} Discord action(s) in ${guildId}`);

const counterLength = async (guildId: string) => (await world.store.readStream(guildCasesStreamId(guildId))).events.length;

describe('moderation service on the real NATS and PostgreSQL', { timeout: 60_000 }, () => {
  it('a ban runs the chain to DiscordActionRequested; Discord’s answer applies it and schedules its expiry', async () => {
    const guild = freshGuild();
    const target = user(1);
    const ban = userCommand(guild, 'BanMember', { target, reason: 'raid', durationSeconds: 3600 }, clock);
    expect(await send(world.bus, ban)).toMatchObject({ status: 'accepted' });
    const [requested] = await discordActions(guild, 1);
    expect(requested).toMatchObject({ type: 'DiscordActionRequested', correlationId: ban.correlationId });
    expect(requested!.payload).toMatchObject({ caseNumber: 1, action: 'ban', purpose: 'sanction', actionId: 'case-1-sanction' });
    expect(await caseOf(world.store, guild, 1)).toMatchObject({ status: 'opened', outcome: 'pending', target, reason: 'raid' });

    await answerDiscord(world.bus, [requested!], clock);
    const member = await eventually(async () => {
      const m = await memberOf(world.store, guild, target.id);
      return m.ban?.status === 'active' && m.ban.caseNumber === 1 ? m : undefined;
    }, 20_000, 'ban applied on the member record');
    expect(member.requests[ban.id]).toMatchObject({ status: 'applied', caseNumber: 1 });
    expect(await caseOf(world.store, guild, 1)).toMatchObject({ outcome: 'done', expiry: { status: 'scheduled' } });
    const [row] = await eventually(async () => {
      const rows = await scheduledExpiries(world.pool, guild);
      return rows.length === 1 ? rows : undefined;
    }, 20_000, 'the expiry in the schedule');
    expect(row).toMatchObject({ caseNumber: 1, action: 'ban', targetId: target.id, correlationId: ban.correlationId });
    expect(Date.parse(row!.dueAt)).toBe(Date.parse(ban.issuedAt) + 3600_000);
    // Every event of the chain carries the request's correlation id.
    const chain = (await world.store.readAll()).filter((e) => e.guildId === guild);
    expect(new Set(chain.map((e) => e.correlationId))).toEqual(new Set([ban.correlationId]));

    // Amend, note, hide, restore: each its own event on the case.
    for (const [type, payload] of [
      ['AmendCaseReason', { caseNumber: 1, reason: 'raid with 40 alts' }],
      ['AddCaseNote', { caseNumber: 1, text: 'came back as alt 41' }],
      ['HideCase', { caseNumber: 1, reason: 'doxxing in the reason' }],
      ['RestoreCase', { caseNumber: 1, reason: 'reason cleaned up' }],
    ] as const) {
      expect(await send(world.bus, userCommand(guild, type, payload, clock))).toMatchObject({ status: 'accepted', eventCount: 1 });
    }
    expect(await send(world.bus, userCommand(guild, 'RestoreCase', { caseNumber: 1, reason: 'again' }, clock))).toMatchObject({
      status: 'rejected',
      code: 'CASE_NOT_HIDDEN',
    });
    const amended = await caseOf(world.store, guild, 1);
    expect(amended).toMatchObject({ reason: 'raid with 40 alts', hidden: null, notes: [{ text: 'came back as alt 41' }] });
    const types = (await world.store.readStream(caseStreamId(guild, 1))).events.map((e) => e.type);
    expect(types).toEqual([
      'CaseOpened',
      'DiscordActionRequested',
      'DiscordActionSucceeded',
      'ExpiryScheduled',
      'CaseReasonAmended',
      'CaseNoteAdded',
      'CaseHidden',
      'CaseRestored',
    ]);
  });

  it('a temporary ban expires on time through the scheduler, and the unban ends it on the member record', async () => {
    const guild = freshGuild();
    const target = user(2);
    const start = clock.now().getTime();
    await send(world.bus, userCommand(guild, 'BanMember', { target, reason: 'cool off', durationSeconds: 60 }, clock));
    await answerDiscord(world.bus, await discordActions(guild, 1), clock);
    const [row] = await eventually(async () => {
      const rows = await scheduledExpiries(world.pool, guild);
      return rows.length === 1 ? rows : undefined;
    }, 20_000, 'the expiry in the schedule');
    expect(Date.parse(row!.dueAt)).toBe(start + 60_000);

    // One second early: several ticks pass and nothing fires.
    clock.advance(59_000);
    await new Promise((r) => setTimeout(r, 400));
    expect((await caseOf(world.store, guild, 1)).status === 'opened' && (await caseOf(world.store, guild, 1))).toMatchObject({
      expiry: { status: 'scheduled' },
      ended: null,
    });

    clock.advance(1_000);
    const expired = await eventually(async () => {
      const c = await caseOf(world.store, guild, 1);
      return c.status === 'opened' && c.ended?.how === 'expired' ? c : undefined;
    }, 20_000, 'CaseExpired');
    expect(expired.expiry).toMatchObject({ status: 'expired' });
    const [unban] = await discordActions(guild, 1);
    expect(unban!.payload).toMatchObject({ action: 'unban', purpose: 'expiry', actionId: 'case-1-expiry' });
    expect(unban!.source).toBe('scheduler');
    await answerDiscord(world.bus, [unban!], clock);
    await eventually(async () => ((await memberOf(world.store, guild, target.id)).ban === null ? true : undefined), 20_000, 'ban lifted on the record');
    await eventually(async () => ((await scheduledExpiries(world.pool, guild)).length === 0 ? true : undefined), 20_000, 'schedule emptied');
    expect((await eventsOfType(world.store, guild, 'SanctionExpired')).map((e) => e.payload)).toMatchObject([{ caseNumber: 1, action: 'ban' }]);
  });

  it('a timeout expires through the scheduler too (Discord ends it by itself, so no unban)', async () => {
    const guild = freshGuild();
    const target = user(3);
    await send(world.bus, userCommand(guild, 'TimeoutMember', { target, reason: 'heated', durationSeconds: 300 }, clock));
    await answerDiscord(world.bus, await discordActions(guild, 1), clock);
    await eventually(async () => ((await scheduledExpiries(world.pool, guild)).length === 1 ? true : undefined), 20_000, 'timeout scheduled');
    clock.advance(301_000);
    await eventually(async () => ((await memberOf(world.store, guild, target.id)).timeout === null ? true : undefined), 20_000, 'timeout expired on the record');
    expect(await caseOf(world.store, guild, 1)).toMatchObject({ ended: { how: 'expired' } });
    expect(await openDiscordActions(world.store, guild)).toEqual([]);
  });

  it('a deadline missed while the service was down fires at start-up, once', async () => {
    const guild = freshGuild();
    const target = user(4);
    await send(world.bus, userCommand(guild, 'BanMember', { target, durationSeconds: 120 }, clock));
    await answerDiscord(world.bus, await discordActions(guild, 1), clock);
    await eventually(async () => ((await scheduledExpiries(world.pool, guild)).length === 1 ? true : undefined), 20_000, 'ban scheduled');

    await service.stop();
    clock.advance(3_600_000);
    // Two stray schedulers fire the same due expiry while the service is down: same command id.
    const strays = [1, 2].map(() => new ExpiryScheduler({ bus: world.bus, pool: world.pool, logger, clock: clock.now }));
    // (Earlier scenarios' expiries are due by now too, hence at least one each.)
    const fired = await Promise.all(strays.map((s) => s.tick()));
    service = await startService();
    expect(fired.every((n) => n >= 1)).toBe(true);

    await eventually(async () => ((await scheduledExpiries(world.pool, guild)).length === 0 ? true : undefined), 20_000, 'expiry fired');
    // More ticks after it fired change nothing.
    for (const s of strays) await s.tick();
    await service.scheduler.tick();
    await new Promise((r) => setTimeout(r, 300));
    const caseEvents = (await world.store.readStream(caseStreamId(guild, 1))).events;
    expect(caseEvents.filter((e) => e.type === 'CaseExpired')).toHaveLength(1);
    expect(caseEvents.filter((e) => e.type === 'DiscordActionRequested' && (e.payload as { purpose: string }).purpose === 'expiry')).toHaveLength(1);
    const expiredBy = caseEvents.find((e) => e.type === 'CaseExpired')!;
    expect(expiredBy.causationId).toBe(expireCommandId(guild, 1));
    expect(expiredBy.actor).toMatchObject({ kind: 'system' });
  });

  it('a bulk ban of 100 members: 100 cases numbered 1..100, one correlation id, per-member outcomes, then BulkActionCompleted', async () => {
    const guild = freshGuild();
    const targets = Array.from({ length: 100 }, (_, i) => user(1000 + i));
    const bulk = userCommand(guild, 'RequestBulkAction', { action: 'ban', targets, reason: 'raid wave', deleteMessageSeconds: 3600 }, clock);
    expect(await send(world.bus, bulk)).toMatchObject({ status: 'accepted' });
    const requests = await discordActions(guild, 100);
    const allocated = await eventsOfType(world.store, guild, 'CaseNumberAllocated');
    expect(allocated.map((e) => (e.payload as { caseNumber: number }).caseNumber).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    const perMember = new Map(allocated.map((e) => [(e.payload as { request: { target: { id: string } } }).request.target.id, e]));
    expect(perMember.size).toBe(100);

    // Discord refuses one member (missing permissions); the rest go through.
    const refused = targets[37]!.id;
    await answerDiscord(world.bus, requests, clock, (r) =>
      r.target.id === refused ? { fail: 'Missing Permissions', discordErrorCode: 50013, httpStatus: 403 } : 'succeed',
    );
    const [completed] = await eventually(async () => {
      const done = await eventsOfType(world.store, guild, 'BulkActionCompleted');
      return done.length === 1 ? done : undefined;
    }, 40_000, 'BulkActionCompleted');
    expect(completed!.payload).toMatchObject({ bulkId: bulk.id, succeeded: 99, failed: 1 });
    const all = (await world.store.readAll()).filter((e) => e.guildId === guild);
    expect(new Set(all.map((e) => e.correlationId))).toEqual(new Set([bulk.correlationId]));
    expect(all.filter((e) => e.type === 'BulkMemberSucceeded')).toHaveLength(99);
    expect(all.filter((e) => e.type === 'BulkMemberFailed').map((e) => e.payload)).toMatchObject([
      { target: { id: refused }, stage: 'discord', discordErrorCode: 50013 },
    ]);
    expect(all.filter((e) => e.type === 'CaseOpened')).toHaveLength(100);
  });

  it('a bulk member rejected by the rules (already banned) is recorded as its outcome and the bulk still completes', async () => {
    const guild = freshGuild();
    const [a, b, c] = [user(2001), user(2002), user(2003)];
    await send(world.bus, userCommand(guild, 'BanMember', { target: b }, clock));
    await answerDiscord(world.bus, await discordActions(guild, 1), clock);
    await eventually(async () => ((await memberOf(world.store, guild, b.id)).ban?.status === 'active' ? true : undefined), 20_000, 'b banned');

    const bulk = userCommand(guild, 'RequestBulkAction', { action: 'ban', targets: [a, b, c], reason: 'sweep' }, clock);
    await send(world.bus, bulk);
    const failed = await eventually(async () => {
      const f = await eventsOfType(world.store, guild, 'BulkMemberFailed');
      return f.length === 1 ? f : undefined;
    }, 20_000, 'the rejected member outcome');
    expect(failed[0]!.payload).toMatchObject({ target: { id: b.id }, stage: 'rejected', code: 'ALREADY_BANNED', caseNumber: null });
    await answerDiscord(world.bus, await discordActions(guild, 2), clock);
    const [completed] = await eventually(async () => {
      const done = await eventsOfType(world.store, guild, 'BulkActionCompleted');
      return done.length === 1 ? done : undefined;
    }, 20_000, 'BulkActionCompleted');
    expect(completed!.payload).toMatchObject({ succeeded: 2, failed: 1 });
    expect(await counterLength(guild)).toBe(3);
  });

  it('a crash after a bulk member’s command was rejected but before its outcome was sent loses nothing', async () => {
    const guild = freshGuild();
    const b = user(2101);
    // The process manager is down; only the handlers run.
    await service.stop();
    const handlers = await register(world.bus, world.store);
    await send(world.bus, userCommand(guild, 'BanMember', { target: b }, clock));
    const bulk = userCommand(guild, 'RequestBulkAction', { action: 'ban', targets: [b], reason: 'sweep' }, clock);
    expect(await send(world.bus, bulk)).toMatchObject({ status: 'accepted' });
    const [requested] = (await world.store.readStream(bulkActionStreamId(guild, bulk.id))).events;
    // What the process manager had done before it died: the member's command sent, and rejected.
    const [memberCommand] = reactToModerationEvent(requested!, clock.iso());
    expect(await send(world.bus, memberCommand!)).toMatchObject({ status: 'rejected', code: 'ALREADY_BANNED' });
    expect(await eventsOfType(world.store, guild, 'BulkMemberFailed')).toEqual([]);
    await handlers.stop();

    service = await startService();
    const [completed] = await eventually(async () => {
      const done = await eventsOfType(world.store, guild, 'BulkActionCompleted');
      return done.length === 1 ? done : undefined;
    }, 20_000, 'BulkActionCompleted after the restart');
    expect(completed!.payload).toMatchObject({ succeeded: 0, failed: 1 });
    expect((await eventsOfType(world.store, guild, 'BulkMemberFailed')).map((e) => e.payload)).toMatchObject([{ code: 'ALREADY_BANNED', stage: 'rejected' }]);
  });

  it('a human’s ban in Discord becomes an observed case attributed to them; the bot’s own audit entry links to its case instead', async () => {
    const guild = freshGuild();
    const human = { id: '500000000000000001', name: 'Bob' };
    const victim = user(3001);
    const fact = auditFactCommand(
      guild,
      { factId: 'fact-1', entryId: '600000000000000001', action: 'ban', target: victim, executor: human, executorIsBot: false, reason: 'spam bot' },
      clock,
    );
    expect(await send(world.bus, fact)).toMatchObject({ status: 'accepted' });
    const observed = await eventually(async () => {
      const c = await caseOf(world.store, guild, 1);
      return c.status === 'opened' ? c : undefined;
    }, 20_000, 'the observed case');
    expect(observed).toMatchObject({
      origin: 'discord',
      action: 'ban',
      target: victim,
      moderator: { kind: 'discord-user', id: human.id, name: 'Bob' },
      reason: 'spam bot',
      outcome: 'done',
      auditLogEntryIds: ['600000000000000001'],
    });
    await eventually(async () => {
      const m = await memberOf(world.store, guild, victim.id);
      return m.ban?.status === 'active' && m.caseNumbers.includes(1) ? true : undefined;
    }, 20_000, 'observed ban on the record');
    expect(await openDiscordActions(world.store, guild)).toEqual([]);
    // The same fact delivered again changes nothing.
    await send(world.bus, auditFactCommand(guild, { factId: 'fact-1', entryId: '600000000000000001', action: 'ban', target: victim, executor: human, executorIsBot: false, reason: 'spam bot' }, clock));

    // Guildhall bans someone; Discord's audit log then shows the bot did it, with "Case #2 — ...".
    const other = user(3002);
    await send(world.bus, userCommand(guild, 'BanMember', { target: other, reason: 'raid' }, clock));
    const [requested] = await discordActions(guild, 1);
    await answerDiscord(world.bus, [requested!], clock);
    const auditReason = (requested!.payload as { auditLogReason: string }).auditLogReason;
    expect(auditReason).toMatch(/^Case #2 — raid — by Ann$/);
    const bot = { id: '700000000000000001', name: 'Guildhall' };
    await send(
      world.bus,
      auditFactCommand(guild, { factId: 'fact-2', entryId: '600000000000000002', action: 'ban', target: other, executor: bot, executorIsBot: true, reason: auditReason }, clock),
    );
    const linked = await eventually(async () => {
      const c = await caseOf(world.store, guild, 2);
      return c.status === 'opened' && c.auditLogEntryIds.includes('600000000000000002') ? c : undefined;
    }, 20_000, 'the audit entry linked to case 2');
    expect(linked.origin).toBe('guildhall');
    await new Promise((r) => setTimeout(r, 300));
    expect(await counterLength(guild)).toBe(2);
    expect((await world.store.readStream(memberRecordStreamId(guild, other.id))).events.map((e) => e.type)).toContain('DiscordAuditActionLinked');
  });

  it('a Discord sanctions snapshot after downtime: the read model knows whom Guildhall believes banned; one observed change per member that differs', async () => {
    const guild = freshGuild();
    const [kept, lifted, added] = [user(71), user(72), user(73)];
    const human = { id: '500000000000000009', name: 'Mod' };
    for (const [i, target] of [kept, lifted].entries()) {
      await send(world.bus, auditFactCommand(guild, { factId: `f-ban-${guild}-${i}`, entryId: `80000000000000000${i}`, action: 'ban', target, executor: human, executorIsBot: false, reason: 'raid' }, clock));
    }
    await eventually(async () => ((await believedSanctions(world.pool, guild)).length === 2 ? true : undefined), 20_000, 'two bans in the read model');
    const snapshot = {
      id: `snap-${guild}`,
      type: 'ReconcileDiscordSanctions',
      issuedAt: clock.iso(),
      guildId: guild,
      actor: { kind: 'system' as const, id: 'guildhall-discord-gateway', name: 'Discord gateway' },
      source: 'discord' as const,
      correlationId: `snap-${guild}`,
      causationId: null,
      payload: { snapshotId: `snap-${guild}`, bans: [{ user: kept, reason: 'raid' }, { user: added, reason: 'while away' }], timeoutsKnown: false, timeouts: [], audit: [] },
    };
    expect(await send(world.bus, snapshot)).toMatchObject({ status: 'accepted' });
    await eventually(async () => {
      const believed = await believedSanctions(world.pool, guild);
      const [a, b] = await Promise.all([memberOf(world.store, guild, lifted.id), memberOf(world.store, guild, added.id)]);
      return a.ban === null && b.ban?.status === 'active' && believed.map((x) => x.userId).join() === [kept.id, added.id].join() ? true : undefined;
    }, 20_000, 'records and read model follow the snapshot');
    // A redelivered snapshot, or the same one again, changes nothing.
    expect(await send(world.bus, { ...snapshot, id: `snap-${guild}-again` })).toMatchObject({ status: 'accepted' });
    await new Promise((r) => setTimeout(r, 1_000));
    const observed = await eventsOfType(world.store, guild, 'ModerationActionObserved');
    expect(observed.map((e) => [(e.payload as { target: { id: string } }).target.id, (e.payload as { action: string }).action]).sort()).toEqual(
      [[kept.id, 'ban'], [lifted.id, 'ban'], [lifted.id, 'unban'], [added.id, 'ban']].sort(),
    );
    expect(await send(world.bus, { ...snapshot, id: `snap-${guild}-bad`, payload: { bans: 'all' } })).toMatchObject({ status: 'rejected', code: 'INVALID_COMMAND' });
  });

  it('the process manager recreates its durable consumer when an operator deletes it', async () => {
    await world.nc.request(`$JS.API.CONSUMER.DELETE.${world.names.events.streamName}.moderation-process`, '', { timeout: 5_000 });
    const guild = freshGuild();
    const target = user(4101);
    await send(world.bus, userCommand(guild, 'WarnMember', { target, reason: 'after the delete' }, clock));
    await eventually(async () => ((await memberOf(world.store, guild, target.id)).caseNumbers.length === 1 ? true : undefined), 40_000, 'the warning applied');
  });

  it('malformed commits and events on the moderation subjects are logged and skipped; the process manager keeps going', async () => {
    const guild = freshGuild();
    const prefix = world.names.events.subjectPrefix;
    const skippedBefore = service.processManager.stats.skipped;
    await world.nc.request(`${prefix}.moderation.case.${guild}-1`, 'not json at all', { timeout: 5_000 });
    const badEvent = {
      commitId: 'bad-1',
      events: [
        {
          id: 'bad-event-1', type: 'CaseNumberAllocated', schemaVersion: 1, occurredAt: clock.iso(), guildId: guild,
          actor: { kind: 'system', id: 'x', name: 'x' }, source: 'api', correlationId: 'c', causationId: null, payload: { caseNumber: 'one' },
        },
      ],
    };
    await world.nc.request(`${prefix}.moderation.guild-cases.${guild}`, JSON.stringify(badEvent), { timeout: 5_000 });
    await eventually(async () => (service.processManager.stats.skipped >= skippedBefore + 2 ? true : undefined), 20_000, 'both skipped');

    // (Those streams are poisoned for their deciders; the process manager's job is only to go on.)
    const next = freshGuild();
    const target = user(4001);
    await send(world.bus, userCommand(next, 'WarnMember', { target, reason: 'be nice' }, clock));
    const warned = await eventually(async () => {
      const m = await memberOf(world.store, next, target.id);
      return m.caseNumbers.length === 1 ? m : undefined;
    }, 20_000, 'the warning applied');
    expect(warned.caseNumbers).toEqual([1]);
  });
});
