import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { PURGE_SCAN_WINDOW } from '@guildhall/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUserIdLoader, type ActionContext } from '../src/actions/action-context.js';
import type { ActionRequest } from '../src/actions/action-request.js';
import { executeAction, type ActionOutcome } from '../src/actions/execute-action.js';
import { createActionRest } from '../src/client.js';
import { startTestSandbox, testLogger } from './support.js';

/**
 * The action kinds no context asks for yet (roles, DMs, edits, deletes, purges), carried out
 * directly against the sandbox: each does its effect, and doing it again (a redelivery) changes
 * nothing more.
 */
let sandbox: SandboxHandle;
let ctx: ActionContext;
let guildId: string;
let n = 0;

const base = () => ({ id: `00000000-0000-5000-8000-${String(++n).padStart(12, '0')}`, guildId, requestedAt: new Date().toISOString(), auditLogReason: `Test ${n} — reason — by Ada` });
const run = (r: ActionRequest): Promise<ActionOutcome> => executeAction(ctx, r, { giveUpAt: Date.now() + 5_000, baseDelayMs: 50, stopped: new Promise(() => undefined) });
const succeeded = (o: ActionOutcome) => {
  if (o.status !== 'succeeded') throw new Error(`failed: ${o.failure.reason}`);
  return o.result;
};

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ctx = { rest: createActionRest(`${sandbox.url}/api`, sandbox.bot.token), botUserId: botUserIdLoader(createActionRest(`${sandbox.url}/api`, sandbox.bot.token)), logger: testLogger };
  guildId = sandbox.world.mainGuild().base.id;
});

afterAll(async () => {
  await sandbox?.stop();
});

describe('action kinds', () => {
  it('role add and remove, each once', async () => {
    const userId = sandbox.world.join({ guildId }).user.id;
    const roleId = sandbox.world.roleByName(guildId, 'Artist').id;
    const add = { ...base(), kind: 'role-add' as const, userId, roleId };
    expect(succeeded(await run(add)).alreadyDone).toBe(false);
    expect(succeeded(await run(add)).alreadyDone).toBe(true);
    expect(sandbox.world.member(guildId, userId)?.roles).toContain(roleId);
    const calls = sandbox.world.restCalls({ method: 'PUT', path: `/members/${userId}/roles/${roleId}` });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.auditLogReason).toBe(add.auditLogReason);
    const remove = { ...base(), kind: 'role-remove' as const, userId, roleId };
    expect(succeeded(await run(remove)).alreadyDone).toBe(false);
    expect(succeeded(await run(remove)).alreadyDone).toBe(true);
    expect(sandbox.world.member(guildId, userId)?.roles).not.toContain(roleId);
  });

  it('a role above the bot fails with "role too high"', async () => {
    const userId = sandbox.world.join({ guildId }).user.id;
    const out = await run({ ...base(), kind: 'role-add', userId, roleId: sandbox.world.roleByName(guildId, 'Admin').id });
    expect(out.status === 'failed' && out.failure.reason).toBe('role too high: the role "Admin" is not below the bot\'s highest role "Guildhall"');
  });

  it('a DM is sent once (the nonce makes a repeat return the same message); a user sharing no server cannot be DMed', async () => {
    const userId = sandbox.world.people(guildId).members[3]!;
    const dm = { ...base(), kind: 'warn-dm' as const, userId, content: 'You were warned: be kind.' };
    const first = succeeded(await run(dm));
    const again = succeeded(await run(dm));
    expect(again.ids.messageId).toBe(first.ids.messageId);
    expect(sandbox.world.messages(first.ids.channelId!).filter((m) => m.content === dm.content)).toHaveLength(1);
    const stranger = sandbox.world.bans(guildId)[0]!.user.id;
    const out = await run({ ...base(), kind: 'dm', userId: stranger, content: 'hi' });
    expect(out.status === 'failed' && [out.failure.discordErrorCode, out.failure.reason]).toEqual([50007, `cannot DM user ${stranger}: they closed their DMs or share no server with the bot`]);
  });

  it('edit and delete a message; deleting it again is already done', async () => {
    const channelId = sandbox.world.channelByName(guildId, 'random').id;
    const sent = succeeded(await run({ ...base(), kind: 'send-message', channelId, content: 'draft', embeds: [], replyToMessageId: null, allowedMentions: { everyone: false, roles: false, users: true } }));
    const messageId = sent.ids.messageId!;
    succeeded(await run({ ...base(), kind: 'edit-message', channelId, messageId, content: 'final' }));
    expect(sandbox.world.messages(channelId).find((m) => m.id === messageId)?.content).toBe('final');
    const del = { ...base(), kind: 'delete-message' as const, channelId, messageId };
    expect(succeeded(await run(del)).alreadyDone).toBe(false);
    expect(succeeded(await run(del)).alreadyDone).toBe(true);
  });

  it('a purge deletes the newest messages before the request, and a repeat deletes no more', async () => {
    const channelId = sandbox.world.channelByName(guildId, 'help').id;
    const people = sandbox.world.people(guildId).members;
    const sent = Array.from({ length: 8 }, (_, i) => sandbox.world.sendMessage({ channelId, userId: people[i % 2]!, content: `m${i}` }).id);
    await new Promise((r) => setTimeout(r, 5));
    const purge = { ...base(), kind: 'purge' as const, channelId, count: 5, authorId: null };
    const later = sandbox.world.sendMessage({ channelId, userId: people[0]!, content: 'after the request' }).id;
    expect(succeeded(await run(purge))).toMatchObject({ alreadyDone: false, count: 5, skipped: 0 });
    const left = new Set(sandbox.world.messages(channelId).map((m) => m.id));
    expect(sent.filter((id) => left.has(id))).toEqual(sent.slice(0, 3));
    expect(left.has(later)).toBe(true);
    // Redelivered: the audit log shows these 5 are done; the count is still the purge's total.
    expect(succeeded(await run(purge))).toMatchObject({ alreadyDone: true, count: 5 });
    expect(sandbox.world.messages(channelId).length).toBe(left.size);
  });

  it("one member's purge deletes only theirs, skips what is older than 14 days, and looks no further back than the scan window", async () => {
    const channelId = sandbox.world.channelByName(guildId, 'general').id;
    // Someone with seeded chatter here: those messages are from long ago (older than 14 days).
    const seeded = sandbox.world.messages(channelId);
    const author = seeded.find((m) => Date.now() - Date.parse(m.timestamp) > 15 * 86_400_000)!.author.id;
    const oldOnes = seeded.filter((m) => m.author.id === author).length;
    const other = sandbox.world.people(guildId).members.find((id) => id !== author)!;
    const mine = Array.from({ length: 3 }, (_, i) => sandbox.world.sendMessage({ channelId, userId: author, content: `spam ${i}` }).id);
    const theirs = Array.from({ length: 4 }, (_, i) => sandbox.world.sendMessage({ channelId, userId: other, content: `chat ${i}` }).id);
    await new Promise((r) => setTimeout(r, 5));
    const purge = { ...base(), kind: 'purge' as const, channelId, count: 3 + oldOnes, authorId: author };
    expect(succeeded(await run(purge))).toMatchObject({ count: 3, skipped: oldOnes });
    const left = new Set(sandbox.world.messages(channelId).map((m) => m.id));
    expect(mine.some((id) => left.has(id))).toBe(false);
    expect(theirs.every((id) => left.has(id))).toBe(true);
    expect(sandbox.world.messages(channelId).filter((m) => m.author.id === author)).toHaveLength(oldOnes);
    // Redelivered: nothing more is deleted, and the old ones are still reported as skipped.
    expect(succeeded(await run(purge))).toMatchObject({ alreadyDone: true, count: 3, skipped: oldOnes });

    // Their one message behind 500 newer ones of others' is outside the window: found nothing, deleted nothing.
    const hidden = sandbox.world.sendMessage({ channelId, userId: author, content: 'buried' }).id;
    for (let i = 0; i < PURGE_SCAN_WINDOW; i++) sandbox.world.sendMessage({ channelId, userId: other, content: `flood ${i}` });
    await new Promise((r) => setTimeout(r, 5));
    sandbox.world.clearRestCalls();
    expect(succeeded(await run({ ...base(), kind: 'purge' as const, channelId, count: 1, authorId: author }))).toMatchObject({ count: 0, skipped: 0 });
    expect(sandbox.world.messages(channelId).some((m) => m.id === hidden)).toBe(true);
    expect(sandbox.world.restCalls({ method: 'GET', path: `/channels/${channelId}/messages` })).toHaveLength(PURGE_SCAN_WINDOW / 100);
  });
});
