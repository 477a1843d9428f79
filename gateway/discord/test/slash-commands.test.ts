import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { register as registerMusic } from '@guildhall/music/handler';
import { newId } from '@guildhall/kernel';
import { startBot, type Bot } from '../src/bot.js';
import type { BotSettings } from '../src/settings.js';
import { connectInfra, deleteStreams, eventually, eventsOfType, settingsFor, startModeration, startTestSandbox, testLogger, uniqueEnv, type Infra } from './support.js';

const env = uniqueEnv('slash');
let sandbox: SandboxHandle;
let settings: BotSettings;
let infra: Infra;
let bot: Bot;
let moderation: { stop: () => Promise<void> };
let messaging: { stop: () => Promise<void> };
let music: { stop: () => Promise<void> };
let guildId: string;
let channelId: string;
let moderator: string;

type Option = { name: string; value: string | number };

/** Invokes a slash command as a sandbox user and waits for the bot's final (non-empty) reply. */
const invoke = async (command: string, options: Option[], userId = moderator, where = channelId): Promise<{ content: string; ephemeral: boolean }> => {
  const view = sandbox.world.invokeCommand({ guildId, channelId: where, userId, command, options });
  const reply = await eventually(() => {
    const v = sandbox.world.interaction(view.id);
    const content = v.original?.content ?? '';
    return content && !content.startsWith('⏳') ? v : undefined;
  }, 20_000, `the reply to /${command}`);
  return { content: reply.original?.content ?? '', ephemeral: ((reply.original?.flags ?? 0) & 64) === 64 };
};

const nameOf = (userId: string): string => {
  const u = sandbox.world.state.users.get(userId);
  return u?.global_name ?? u?.username ?? userId;
};

beforeAll(async () => {
  sandbox = await startTestSandbox();
  settings = settingsFor(env, sandbox, { ACTION_CONTEXTS: 'moderation,messaging' });
  infra = await connectInfra(settings, 'slash-test');
  moderation = await startModeration(infra);
  messaging = await registerMessaging(infra.bus, infra.store);
  music = await registerMusic(infra.bus, infra.store);
  guildId = sandbox.world.mainGuild().base.id;
  channelId = sandbox.world.channelByName(guildId, 'mod-chat').id;
  moderator = sandbox.world.people(guildId).moderators[0]!;
  bot = await startBot({ settings, logger: testLogger, nc: infra.nc });
});

afterAll(async () => {
  await bot?.stop();
  await moderation?.stop();
  await messaging?.stop();
  await music?.stop();
  await sandbox?.stop();
  if (infra) {
    await deleteStreams(infra.nc, env);
    await infra.nc.close();
  }
});

type Form = { custom_id: string; title: string; components: { components: { custom_id: string; label: string; style: number; required: boolean; max_length: number }[] }[] };

/** The final (non-empty) reply to an interaction, and whether only its member sees it. */
const replyTo = async (id: string, what: string): Promise<{ content: string; ephemeral: boolean }> => {
  const reply = await eventually(() => {
    const v = sandbox.world.interaction(id);
    return v.original?.content ? v : undefined;
  }, 20_000, `the reply to ${what}`);
  return { content: reply.original?.content ?? '', ephemeral: ((reply.original?.flags ?? 0) & 64) === 64 };
};

/** Picks a context-menu command as a sandbox user: the form (modal) the bot shows in answer. */
const pickForm = async (command: string, targetId: string, userId: string, where = channelId): Promise<Form> => {
  const view = sandbox.world.invokeContextMenu({ guildId, channelId: where, userId, command, targetId });
  return eventually(() => sandbox.world.interaction(view.id).responses.find((r) => r.type === 9)?.data as Form | undefined, 20_000, `the form of ${command}`);
};

/** Submits a report form as the member would (the reason typed, or left empty) and waits for the reply. */
const submit = (customId: string, userId: string, reason: string, where = channelId) =>
  replyTo(sandbox.world.submitModal({ guildId, channelId: where, userId, customId, fields: [{ customId: 'reason', value: reason }] }).id, `the form ${customId}`);

/** Picks, then submits its form. */
const pick = async (command: string, targetId: string, userId: string, where = channelId, reason = ''): Promise<{ content: string; ephemeral: boolean }> =>
  submit((await pickForm(command, targetId, userId, where)).custom_id, userId, reason, where);

describe('report context menus', () => {
  it('"Report message" by any member opens a reason form; its submit files a report of the message (author, excerpt, reason) and answers the reporter alone', async () => {
    const [author, reporter] = sandbox.world.people(guildId).members;
    const general = sandbox.world.channelByName(guildId, 'general').id;
    const message = sandbox.world.sendMessage({ channelId: general, userId: author!, content: 'buy cheap gold at example.com' });
    const form = await pickForm('Report message', message.id, reporter!, general);
    expect(form).toMatchObject({ title: 'Report message', components: [{ components: [{ custom_id: 'reason', label: 'What is wrong? (optional)', style: 2, required: false, max_length: 512 }] }] });
    const reply = await submit(form.custom_id, reporter!, '  gold scam, again  ', general);
    expect(reply).toEqual({ content: '✅ Reported to the moderators. Thank you: only they see this message report.', ephemeral: true });
    const filed = await eventually(async () => (await eventsOfType(infra.store, 'ReportFiled')).find((e) => (e.payload as { messageId: string }).messageId === message.id), 20_000, 'ReportFiled');
    expect(filed.payload).toMatchObject({ reportId: `m${message.id}-${reporter}`, reporter: { id: reporter }, target: { id: author }, channelId: general, excerpt: 'buy cheap gold at example.com', reason: 'gold scam, again' });
    expect(filed.actor).toMatchObject({ kind: 'discord-user', id: reporter });
    // The same form submitted twice (a double click) is one report, answered the same.
    expect((await submit(form.custom_id, reporter!, 'gold scam, again', general)).content).toMatch(/^✅ Reported to the moderators/);
    // A new pick by the same reporter on the same message while it is open: refused, said so.
    expect((await pick('Report message', message.id, reporter!, general)).content).toMatch(/^❌ Not reported: you already reported this message/);
    expect((await eventsOfType(infra.store, 'ReportFiled')).filter((e) => (e.payload as { messageId: string }).messageId === message.id)).toHaveLength(1);
  });

  it('"Report member" files a member report (no reason: null); reporting yourself is refused', async () => {
    const [target, reporter] = sandbox.world.people(guildId).members;
    expect((await pick('Report member', target!, reporter!)).content).toMatch(/^✅ Reported to the moderators/);
    const filed = await eventually(async () => (await eventsOfType(infra.store, 'ReportFiled')).find((e) => (e.payload as { reportId: string }).reportId === `u${target}-${reporter}`), 20_000, 'ReportFiled');
    expect(filed.payload).toMatchObject({ messageId: null, excerpt: null, reason: null });
    expect((await pick('Report member', reporter!, reporter!)).content).toBe('❌ Not reported: you cannot report yourself.');
  });

  it('a forged form id, or a reason with a NUL byte, is refused with a message and files nothing', async () => {
    const [target, , reporter] = sandbox.world.people(guildId).members;
    const before = (await eventsOfType(infra.store, 'ReportFiled')).length;
    expect(await submit(`report:u:abc:${target}`, reporter!, 'forged')).toEqual({
      content: '❌ Not reported: this form is not one Guildhall opened. Pick Report message or Report member again.',
      ephemeral: true,
    });
    const form = await pickForm('Report member', target!, reporter!);
    expect(await submit(form.custom_id, reporter!, 'bad\u0000byte')).toEqual({
      content: '❌ Not reported: the reason must not contain a NUL character. Nothing reached the moderators; pick Report member again.',
      ephemeral: true,
    });
    expect((await eventsOfType(infra.store, 'ReportFiled')).length).toBe(before);
  });
});

describe('slash commands', () => {
  it('are registered in each guild at start', () => {
    const names = [...sandbox.world.mainGuild().commands.values()].map((c) => c.name).sort();
    expect(names).toEqual(['Report member', 'Report message', 'ban', 'case', 'history', 'kick', 'loop', 'move', 'note', 'nowplaying', 'pause', 'play', 'playlist', 'previous', 'purge', 'queue', 'remove', 'resume', 'seek', 'shuffle', 'skip', 'stop', 'timeout', 'unban', 'untimeout', 'volume', 'warn']);
  });

  it('/ban by a moderator goes through the bus and Discord, and replies (ephemeral) with the case number', async () => {
    const target = sandbox.world.join({ guildId }).user.id;
    const reply = await invoke('ban', [
      { name: 'user', value: target },
      { name: 'reason', value: 'spam' },
    ]);
    expect(reply.ephemeral).toBe(true);
    const caseNumber = Number(/case #(\d+)/.exec(reply.content)?.[1]);
    expect(reply.content).toMatch(/^✅ Banned .* — case #\d+\.$/);
    const ban = sandbox.world.bans(guildId).find((b) => b.user.id === target);
    expect(ban?.reason).toBe(`Case #${caseNumber} — spam — by ${nameOf(moderator)}`);
    // The command carried the invoking Discord user as actor and source slash-command.
    const requested = (await infra.store.readAll()).find((e) => e.type === 'ModerationActionRequested' && (e.payload as { target: { id: string } }).target.id === target);
    expect(requested?.actor).toMatchObject({ kind: 'discord-user', id: moderator });
    expect(requested?.source).toBe('slash-command');

    const shown = await invoke('case', [{ name: 'number', value: caseNumber }]);
    expect(shown.content).toContain(`**Case #${caseNumber}** — ban of <@${target}>`);
    expect(shown.content).toContain('Reason: spam');

    const again = await invoke('ban', [{ name: 'user', value: target }]);
    expect(again.content).toMatch(/^❌ Not done: .*already banned \(ALREADY_BANNED\)\.$/);
  });

  it('/warn and /note are recorded as cases and listed by /history', async () => {
    const target = sandbox.world.people(guildId).members[20]!;
    const warned = await invoke('warn', [
      { name: 'user', value: target },
      { name: 'reason', value: 'off-topic' },
    ]);
    expect(warned.content).toMatch(/^✅ Warned .* — case #\d+\.$/);
    const noted = await invoke('note', [
      { name: 'user', value: target },
      { name: 'text', value: 'keeps arguing in #general' },
    ]);
    expect(noted.content).toMatch(/^✅ Noted .* — case #\d+\.$/);
    const history = await invoke('history', [{ name: 'user', value: target }]);
    expect(history.content).toContain('2 case(s):');
    expect(history.content).toContain('warn — off-topic');
    expect(history.content).toContain('note — keeps arguing in #general');
  });

  it('/timeout with an unreadable duration explains the format and sends nothing', async () => {
    const target = sandbox.world.people(guildId).members[21]!;
    const before = sandbox.world.restCalls({ method: 'PATCH', path: `/members/${target}` }).length;
    const reply = await invoke('timeout', [
      { name: 'user', value: target },
      { name: 'duration', value: 'soon' },
    ]);
    expect(reply.content).toBe('❌ "soon" is not a duration: use 10m, 2h, 1d or 1w.');
    expect(sandbox.world.restCalls({ method: 'PATCH', path: `/members/${target}` })).toHaveLength(before);
  });

  it('/kick of someone above the bot: the case is recorded and the reply says why Discord refused', async () => {
    const admin = sandbox.world.people(guildId).admins[1]!;
    const reply = await invoke('kick', [{ name: 'user', value: admin }]);
    expect(reply.content).toMatch(/^⚠️ Case #\d+ is recorded, but Discord did not carry it out: role too high: .* \(Discord error 50013\)\.$/);
  });

  it('/purge 5 deletes the 5 newest messages of the channel it is used in and says so; the request is recorded', async () => {
    const where = sandbox.world.channelByName(guildId, 'help').id;
    const members = sandbox.world.people(guildId).members;
    const sent = Array.from({ length: 8 }, (_, i) => sandbox.world.sendMessage({ channelId: where, userId: members[i % 3]!, content: `purge me ${i}` }).id);
    await new Promise((r) => setTimeout(r, 5));
    const before = sandbox.world.messages(where).length;
    const reply = await invoke('purge', [
      { name: 'count', value: 5 },
      { name: 'reason', value: 'spam wave' },
    ], moderator, where);
    expect(reply).toEqual({ content: `✅ Deleted 5 messages in <#${where}>.`, ephemeral: true });
    const left = new Set(sandbox.world.messages(where).map((m) => m.id));
    expect(left.size).toBe(before - 5);
    expect(sent.filter((id) => left.has(id))).toEqual(sent.slice(0, 3));
    const requested = (await infra.store.readAll()).find((e) => e.type === 'MessagesPurgeRequested' && (e.payload as { channelId: string }).channelId === where);
    expect(requested?.actor).toMatchObject({ kind: 'discord-user', id: moderator });
    expect(requested?.source).toBe('slash-command');
    expect(requested?.payload).toMatchObject({ count: 5, reason: 'spam wave' });
  });

  it("/purge 5 user:X deletes only X's messages and says how many", async () => {
    const where = sandbox.world.channelByName(guildId, 'random').id;
    const [spammer, other] = sandbox.world.people(guildId).members.slice(5, 7) as [string, string];
    const spam = [0, 1].map((i) => sandbox.world.sendMessage({ channelId: where, userId: spammer, content: `spam ${i}` }).id);
    const chat = [0, 1, 2].map((i) => sandbox.world.sendMessage({ channelId: where, userId: other, content: `chat ${i}` }).id);
    await new Promise((r) => setTimeout(r, 5));
    // Whatever seeded chatter of theirs is here is from long ago: chosen, too old, left.
    const old = Math.min(3, sandbox.world.messages(where).filter((m) => m.author.id === spammer).length - 2);
    const reply = await invoke('purge', [{ name: 'count', value: 5 }, { name: 'user', value: spammer }], moderator, where);
    const skipped = old ? ` ${old} older than 14 days left (Discord does not bulk-delete those).` : '';
    expect(reply).toEqual({ content: `✅ Deleted 2 messages in <#${where}>.${skipped}`, ephemeral: true });
    const left = new Set(sandbox.world.messages(where).map((m) => m.id));
    expect([...spam, ...chat].map((id) => left.has(id))).toEqual([false, false, true, true, true]);
  });

  it('/purge is refused to a member without Manage Messages, and deletes nothing', async () => {
    const where = sandbox.world.channelByName(guildId, 'help').id;
    const member = sandbox.world.people(guildId).members[4]!;
    sandbox.world.sendMessage({ channelId: where, userId: member, content: 'still here' });
    const before = sandbox.world.messages(where).length;
    expect(() => sandbox.world.invokeCommand({ guildId, channelId: where, userId: member, command: 'purge', options: [{ name: 'count', value: 5 }] })).toThrow(/Missing Permissions/);
    expect(sandbox.world.messages(where).length).toBe(before);
  });
});

describe('music slash commands', () => {
  const VOICE = '700000000000000001';
  const system = { kind: 'system' as const, id: 'library-scanner', name: 'Library scanner' };
  const busSend = (type: string, payload: unknown, actor: { kind: 'system' | 'dashboard-user'; id: string; name: string } = system) =>
    infra.bus.send(
      { id: newId(), type, issuedAt: new Date().toISOString(), guildId, actor, source: actor.kind === 'system' ? 'discord' : 'web', correlationId: newId(), causationId: null, payload },
      { context: 'music', waitMs: 10_000 },
    );

  beforeAll(async () => {
    const tracks = [1, 2, 3].map((n) => ({ id: `demo-${n}`, path: `/library/demo-${n}.ogg`, title: `Demo ${n} — Tone`, artist: 'Guildhall', durationMs: 20_000, format: 'ogg/opus' }));
    expect(await busSend('RecordLibraryScan', { tracks })).toMatchObject({ status: 'accepted' });
  });

  it('/play: an unknown query and “not in a voice channel” get clear replies, nothing is queued', async () => {
    expect((await invoke('play', [{ name: 'query', value: 'no such song' }])).content).toBe('❌ Nothing in the library matches “no such song”. Try other words, or an audio file URL.');
    const member = sandbox.world.people(guildId).members[0]!;
    expect((await invoke('play', [{ name: 'query', value: 'Demo 2' }], member)).content).toBe('❌ Join a voice channel first: the music plays where you are.');
    expect((await invoke('nowplaying', [])).content).toBe('⏹️ Nothing is playing. `/play` something!');
  });

  it('with a session running, a moderator queues, sees the queue, skips, sets volume; bad input is explained', async () => {
    const ann = { kind: 'dashboard-user' as const, id: '200000000000000003', name: 'Ann' };
    const track = { trackId: 'demo-1', title: 'Demo 1 — Tone', artist: 'Guildhall', durationMs: 20_000, origin: 'library', location: '/library/demo-1.ogg' };
    expect(await busSend('QueueTrack', { invoker: { level: 'moderator' }, track, channelId: VOICE }, ann)).toMatchObject({ status: 'accepted' });
    expect((await invoke('play', [{ name: 'query', value: 'demo 2' }])).content).toBe('✅ Queued **Demo 2 — Tone** by Guildhall (0:20) at position 1.');
    expect((await invoke('play', [{ name: 'query', value: 'https://youtu.be/abc' }])).content).toBe('❌ Youtu.be is a streaming site; Guildhall plays audio files only.');
    const queue = await invoke('queue', []);
    expect(queue.content).toBe('Now: **Demo 1 — Tone** by Guildhall — queued by Ann\n1. **Demo 2 — Tone** by Guildhall (0:20) — ' + nameOf(moderator));
    expect((await invoke('seek', [{ name: 'position', value: 'soon' }])).content).toBe('❌ “soon” is not a position: use 1:30, 90 or 1m30s.');
    expect((await invoke('seek', [{ name: 'position', value: '5:00' }])).content).toBe('❌ Demo 1 — Tone is 20 s long.');
    expect((await invoke('volume', [{ name: 'level', value: 50 }])).content).toBe('✅ Set the volume to 50 %.');
    expect((await invoke('skip', [])).content).toBe('✅ Skipped **Demo 1 — Tone** by Guildhall.'.replace(/\*\*/g, ''));
    expect((await invoke('nowplaying', [])).content).toMatch(/^🎵 Loading \*\*Demo 2 — Tone\*\* by Guildhall — 0:00 \/ 0:20\nQueued by /);
    expect((await invoke('remove', [{ name: 'position', value: 4 }])).content).toBe('❌ There is no track at position 4 (the queue has 0).');
    expect((await invoke('playlist', [{ name: 'save', options: [{ name: 'name', value: 'Evening' }] } as unknown as Option])).content).toBe('✅ Saved the playlist Evening (1 tracks).');
  });
});
