import { register as registerAutomation } from '@guildhall/automation/handler';
import type { CommandConsumer } from '@guildhall/eventing';
import type { Bot } from '@guildhall/gateway-discord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, logger, startGatewayBot, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

/**
 * Custom commands end to end on real NATS, PostgreSQL, the sandbox and discord.js: an admin
 * defines /hello through the API, the bot registers it in the guild within seconds, a member runs
 * it in the sandbox and gets the rendered reply; an update changes it; a roll back restores it.
 */
describe('custom commands (API → automation handler → bot → sandbox)', () => {
  let stack: TestStack;
  let admin: Browser;
  let moderator: Browser;
  let automation: CommandConsumer;
  let bot: Bot;
  let channelId: string;
  let member: string;
  const base = () => `/api/guilds/${stack.guildId}/custom-commands`;
  const registered = () => [...stack.sandbox.world.mainGuild().commands.values()];
  const registeredNamed = (name: string) => registered().find((c) => c.name === name);

  /** Runs a slash command as a sandbox member and waits for the bot's reply. */
  const invoke = async (command: string, options: { name: string; value: string | number }[] = [], userId = member) => {
    const view = stack.sandbox.world.invokeCommand({ guildId: stack.guildId, channelId, userId, command, options });
    const reply = await eventually(async () => {
      const v = stack.sandbox.world.interaction(view.id);
      return v.original?.content ? v : undefined;
    }, 15_000, `the reply to /${command}`);
    return { content: reply.original?.content ?? '', ephemeral: ((reply.original?.flags ?? 0) & 64) === 64 };
  };

  beforeAll(async () => {
    stack = await startTestStack('customcmd');
    automation = await registerAutomation(stack.bus, stack.store);
    // The bot's gateway part (slash commands); the stack's own bot runs the action executor.
    bot = await startGatewayBot(stack, 'g', { extra: { MUSIC: 'false' } });
    const people = stack.sandbox.world.people(stack.guildId);
    admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, people.admins[0]!);
    moderator = new Browser(stack.gateway.url);
    await logIn(moderator, stack.sandbox, people.moderators[0]!);
    member = people.members[3]!;
    channelId = stack.sandbox.world.channelByName(stack.guildId, 'general').id;
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await automation?.stop();
    for (const s of [`DISCG_${stack.id}`, `KV_BOTSTG_${stack.id}`]) await stack?.nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
    await stack?.dispose();
  });

  it('an admin creates /hello; the bot registers it within seconds; a member runs it and gets the rendered reply', async () => {
    const started = Date.now();
    const created = await admin.api(base(), { body: { name: 'hello', description: 'Say hello', response: 'Hello {{user}}, welcome to {{guild.name}}! You are hello #{{counter.hellos}}.' } });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({ status: 'accepted', version: 1 });
    await eventually(async () => registeredNamed('hello'), 10_000, '/hello registered in the sandbox');
    // A figure for the report (never asserted): POST → registered in the sandbox.
    logger.info({ ms: Date.now() - started }, 'registered');
    // Beside the built-in commands, not instead of them.
    expect(registeredNamed('ban')).toBeDefined();
    const guildName = stack.sandbox.world.mainGuild().base.name;
    const reply = await invoke('hello');
    expect(reply).toEqual({ content: `Hello <@${member}>, welcome to ${guildName}! You are hello #1.`, ephemeral: false });
    expect((await invoke('hello')).content).toContain('hello #2.');

    const list = (await json(await moderator.api(base()))) as { commands: { commandId: string; definition: { name: string }; runs: number }[] };
    expect(list.commands.map((c) => c.definition.name)).toEqual(['hello']);
    expect(list.commands[0]!.runs).toBe(2);
  });

  it('an update changes the reply and the options; the history shows both versions with a diff; a roll back restores version 1', async () => {
    const { commands } = (await json(await admin.api(base()))) as { commands: { commandId: string }[] };
    const id = commands[0]!.commandId;
    const update = await admin.api(`${base()}/${id}`, {
      method: 'PUT',
      body: { name: 'hello', description: 'Say hello', response: 'Hey {{user.name}}, about {{option.topic}}', options: [{ name: 'topic', description: 'What about' }], ephemeral: true, expectedVersion: 1 },
    });
    expect(update.status).toBe(200);
    expect(await json(update)).toMatchObject({ version: 2 });
    await eventually(async () => ((registeredNamed('hello')?.options?.length ?? 0) === 1 ? true : undefined), 10_000, '/hello re-registered with its option');
    const name = stack.sandbox.world.state.users.get(member)!;
    expect(await invoke('hello', [{ name: 'topic', value: 'rules' }])).toEqual({ content: `Hey ${name.global_name ?? name.username}, about rules`, ephemeral: true });

    const history = (await json(await admin.api(`${base()}/${id}/history`))) as { versions: { version: number; change: string; changes: { field: string }[] }[] };
    expect(history.versions.map((v) => [v.version, v.change])).toEqual([[2, 'updated'], [1, 'created']]);
    expect(history.versions[0]!.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['response', 'options[0].name', 'ephemeral']));
    const diff = await json(await admin.api(`${base()}/${id}/diff?from=1&to=2`));
    expect(diff.changes).toEqual(expect.arrayContaining([{ field: 'response', from: 'Hello {{user}}, welcome to {{guild.name}}! You are hello #{{counter.hellos}}.', to: 'Hey {{user.name}}, about {{option.topic}}' }]));

    const stale = await admin.api(`${base()}/${id}`, { method: 'PUT', body: { name: 'hello', description: 'x', response: 'x', expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error).toMatchObject({ code: 'VERSION_CONFLICT' });

    const back = await admin.api(`${base()}/${id}/rollback`, { body: { toVersion: 1 } });
    expect(back.status).toBe(200);
    expect(await json(back)).toMatchObject({ version: 3 });
    await eventually(async () => ((registeredNamed('hello')?.options ?? []).length === 0 ? true : undefined), 10_000, '/hello re-registered without options');
    // The counter carried on through the versions: it is the command's, not a version's.
    expect(await invoke('hello')).toMatchObject({ content: expect.stringContaining('hello #3.'), ephemeral: false });
  });

  it('bad input is a 400 naming the field (and the template position); nothing is stored or registered', async () => {
    const before = (await stack.store.readAll()).length;
    const bad = await admin.api(base(), { body: { name: 'greet', description: 'Greet', response: 'Hi\n  {{usr}}' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: 'INVALID_TEMPLATE', field: 'response', details: { offset: 7, line: 2, column: 5, templateCode: 'TEMPLATE_UNKNOWN_VARIABLE' } });
    const unclosed = await json(await admin.api(base(), { body: { name: 'greet', description: 'Greet', response: '{{option.who' } }));
    expect(unclosed.error).toMatchObject({ code: 'INVALID_TEMPLATE', field: 'response', details: { offset: 0, templateCode: 'TEMPLATE_UNCLOSED_VARIABLE' } });
    const option = await json(await admin.api(base(), { body: { name: 'greet', description: 'Greet', response: 'Hi {{option.who}}' } }));
    expect(option.error).toMatchObject({ code: 'INVALID_TEMPLATE', details: { templateCode: 'TEMPLATE_UNKNOWN_OPTION' } });
    const upper = await admin.api(base(), { body: { name: 'Greet', description: 'Greet', response: 'Hi' } });
    expect(upper.status).toBe(400);
    expect((await json(upper)).error).toMatchObject({ field: 'name', reason: expect.stringContaining('lowercase') });
    const spaced = await json(await admin.api(base(), { body: { name: 'say hi', description: 'Greet', response: 'Hi' } }));
    expect(spaced.error).toMatchObject({ field: 'name' });
    const builtIn = await admin.api(base(), { body: { name: 'ban', description: 'Not a ban', response: 'Hi' } });
    expect(builtIn.status).toBe(409);
    expect((await json(builtIn)).error).toMatchObject({ code: 'NAME_TAKEN', field: 'name' });
    const twice = await admin.api(base(), { body: { name: 'hello', description: 'Again', response: 'Hi' } });
    expect(twice.status).toBe(409);
    const missing = await json(await admin.api(base(), { body: { name: 'greet', response: 'Hi' } }));
    expect(missing.error).toMatchObject({ code: 'INVALID_COMMAND', field: 'description' });
    const unknownRole = await json(await admin.api(base(), { body: { name: 'greet', description: 'Greet', response: 'Hi', actions: [{ kind: 'give-role', roleId: '123456789012345678' }] } }));
    expect(unknownRole.error).toMatchObject({ code: 'ROLE_NOT_FOUND', field: 'actions[0].roleId' });
    const everyone = await json(await admin.api(base(), { body: { name: 'greet', description: 'Greet', response: 'Hi', actions: [{ kind: 'give-role', roleId: stack.guildId }] } }));
    expect(everyone.error).toMatchObject({ code: 'ROLE_NOT_ASSIGNABLE', field: 'actions[0].roleId' });
    // A moderator may read but not define.
    expect((await moderator.api(base(), { body: { name: 'greet', description: 'Greet', response: 'Hi' } })).status).toBe(403);
    expect((await stack.store.readAll()).length).toBe(before);
    expect(registeredNamed('greet')).toBeUndefined();
  });

  it('enforces who may run it and the cooldown with an ephemeral reply; give-role goes through the executor; delete unregisters', async () => {
    const role = [...stack.sandbox.world.mainGuild().roles.values()].find((r) => !r.managed && r.name !== '@everyone' && r.position < 3)!;
    const created = await admin.api(base(), {
      body: { name: 'perk', description: 'Get the perk role', response: 'Done, {{user}}', actions: [{ kind: 'give-role', roleId: role.id }], cooldownSeconds: 600, permission: { level: 'moderator' } },
    });
    expect(created.status).toBe(201);
    const id = ((await json(created)) as { customCommandId: string }).customCommandId;
    await eventually(async () => registeredNamed('perk'), 10_000, '/perk registered');
    const denied = await invoke('perk');
    expect(denied.ephemeral).toBe(true);
    expect(denied.content).toBe('🚫 /perk is for members with the Guildhall moderator level.');
    const mod = stack.sandbox.world.people(stack.guildId).moderators[0]!;
    expect((await invoke('perk', [], mod)).content).toBe(`Done, <@${mod}>`);
    await eventually(async () => (stack.sandbox.world.member(stack.guildId, mod)?.roles.includes(role.id) ? true : undefined), 10_000, 'the role given in the sandbox');
    const again = await invoke('perk', [], mod);
    expect(again.ephemeral).toBe(true);
    expect(again.content).toMatch(/^⏳ \/perk can be used again in \d+ s\.$/);

    expect((await admin.api(`${base()}/${id}`, { method: 'DELETE' })).status).toBe(200);
    await eventually(async () => (registeredNamed('perk') === undefined ? true : undefined), 10_000, '/perk unregistered');
    expect(registeredNamed('hello')).toBeDefined();
  });
});
