import { register as registerAutomation } from '@guildhall/automation/handler';
import { startWorkflowReactor } from '@guildhall/automation/workflows';
import type { CommandConsumer } from '@guildhall/eventing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, logger, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

/** Workflows end to end: defined through the API, run by the reactor on a real trigger, acting in the sandbox, traced. */
describe('workflows (API → reactor → messaging / executor → sandbox, trace in the read model)', () => {
  let stack: TestStack;
  let admin: Browser;
  let automation: CommandConsumer;
  let reactor: { stop: () => Promise<void> };
  const base = () => `/api/guilds/${stack.guildId}/workflows`;

  beforeAll(async () => {
    stack = await startTestStack('workflows');
    automation = await registerAutomation(stack.bus, stack.store);
    reactor = await startWorkflowReactor({
      nc: stack.nc,
      store: stack.store,
      bus: stack.bus,
      streamName: stack.settings.EVENTS_STREAM!,
      subjectPrefix: stack.settings.EVENTS_SUBJECT_PREFIX!,
      discordStream: `DISC_${stack.id}`,
      discordSubjectPrefix: `disc_${stack.id}`,
      consumerName: `wf_${stack.id}`,
      logger,
    });
    admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, stack.sandbox.world.people(stack.guildId).admins[0]!);
  }, 120_000);

  afterAll(async () => {
    await reactor?.stop();
    await automation?.stop();
    await stack?.dispose();
  });

  it('when a member joins and is not a bot, then welcome them in #general and give them a role; the run shows its trace', async () => {
    const general = stack.sandbox.world.channelByName(stack.guildId, 'general').id;
    const role = [...stack.sandbox.world.mainGuild().roles.values()].find((r) => !r.managed && r.name !== '@everyone' && r.position < 3)!;
    const created = await admin.api(base(), {
      body: { name: 'Welcome', trigger: 'member-joined', conditions: [{ field: 'user.bot', op: 'equals', value: 'false' }], actions: [{ kind: 'post', channelId: general, content: 'Welcome {{user}} ({{user.name}})!' }, { kind: 'give-role', roleId: role.id }] },
    });
    expect(created.status).toBe(201);
    const workflowId = ((await json(created)) as { workflowId: string }).workflowId;

    const joined = stack.sandbox.world.join({ guildId: stack.guildId, username: 'wf_newcomer' });
    await stack.fact('RecordMemberJoined', { user: { id: joined.user!.id, username: 'wf_newcomer', globalName: null, bot: false }, joinedAt: new Date().toISOString(), roles: [], nickname: null });

    const welcome = await eventually(async () => stack.sandbox.world.messages(general).find((m) => m.content === `Welcome <@${joined.user!.id}> (wf_newcomer)!`), 20_000, 'the welcome post');
    expect(welcome.author.bot).toBe(true);
    await eventually(async () => (stack.sandbox.world.member(stack.guildId, joined.user!.id)?.roles.includes(role.id) ? true : undefined), 20_000, 'the role');

    const run = await eventually(async () => {
      const { runs } = (await json(await admin.api(`${base()}/${workflowId}/runs`))) as { runs: { status: string; matched: boolean; conditions: unknown[]; actions: { kind: string; status: string }[] }[] };
      return runs[0]?.status === 'finished' ? runs[0] : undefined;
    }, 20_000, 'the finished run in the read model');
    expect(run.matched).toBe(true);
    expect(run.conditions).toEqual([{ index: 0, field: 'user.bot', op: 'equals', expected: 'false', actual: 'false', passed: true }]);
    expect(run.actions.map((a) => [a.kind, a.status])).toEqual([['post', 'succeeded'], ['give-role', 'succeeded']]);
  });

  it('versions: an update and a roll back show in the history; bad input is a 400 naming the field', async () => {
    const { workflows } = (await json(await admin.api(base()))) as { workflows: { workflowId: string; definition: Record<string, unknown> }[] };
    const w = workflows[0]!;
    const updated = await admin.api(`${base()}/${w.workflowId}`, { method: 'PUT', body: { ...w.definition, enabled: false, expectedVersion: 1 } });
    expect(updated.status).toBe(200);
    expect((await admin.api(`${base()}/${w.workflowId}/rollback`, { body: { toVersion: 1 } })).status).toBe(200);
    const history = (await json(await admin.api(`${base()}/${w.workflowId}/history`))) as { versions: { version: number; change: string; changes: { field: string }[] }[] };
    expect(history.versions.map((v) => [v.version, v.change])).toEqual([[3, 'rolled-back'], [2, 'updated'], [1, 'created']]);
    expect(history.versions[1]!.changes).toEqual([{ field: 'enabled', from: true, to: false }]);

    const before = (await stack.store.readAll()).length;
    const field = await json(await admin.api(base(), { body: { name: 'x', trigger: 'member-joined', conditions: [{ field: 'message.content', op: 'contains', value: 'x' }], actions: [{ kind: 'dm', content: 'hi' }] } }));
    expect(field.error).toMatchObject({ code: 'INVALID_DEFINITION', field: 'conditions[0].field' });
    const template = await json(await admin.api(base(), { body: { name: 'x', trigger: 'member-joined', actions: [{ kind: 'dm', content: 'hi {{user' }] } }));
    expect(template.error).toMatchObject({ code: 'INVALID_TEMPLATE', field: 'actions[0].content', details: { offset: 3, line: 1, column: 4 } });
    const trigger = await json(await admin.api(base(), { body: { name: 'x', trigger: 'moon-rise', actions: [{ kind: 'dm', content: 'hi' }] } }));
    expect(trigger.error).toMatchObject({ code: 'INVALID_COMMAND', field: 'trigger' });
    expect((await stack.store.readAll()).length).toBe(before);
  });
});
