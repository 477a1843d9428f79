import { DeciderSpecification, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  customCommandsDecider,
  customCommandsSlice,
  diffDefinitions,
  CustomCommandDefinitionSchema,
  definitionProblem,
  liveCommands,
  type CustomCommandCommand,
  type CustomCommandDefinitionInput,
  type CustomCommandEvent,
} from '../src/index.js';

const GUILD = '100000000000000001';
const ADA: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ada' };
const MEMBER = '200000000000000009';
const CHANNEL = '300000000000000001';
const T0 = '2026-03-01T12:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
const spec = DeciderSpecification.for(customCommandsDecider);

let n = 0;
const cmd = (type: CustomCommandCommand['type'], payload: unknown, now = T0): CustomCommandCommand => {
  const id = `c-${++n}`;
  const envelope: CommandEnvelope = { id, type, issuedAt: now, guildId: GUILD, actor: ADA, source: 'web', correlationId: id, causationId: null, payload };
  return customCommandsSlice.toCommand(envelope, now);
};
const def = (over: Partial<CustomCommandDefinitionInput> = {}) => CustomCommandDefinitionSchema.parse({ name: 'hello', description: 'Say hello', response: 'Hello {{user}}!', ...over });
const created = (d = def(), commandId = 'cc-1'): CustomCommandEvent => ({ type: 'CustomCommandCreated', data: { commandId, version: 1, definition: d, by: ADA, at: T0 } });
const updated = (version: number, d = def(), commandId = 'cc-1'): CustomCommandEvent => ({ type: 'CustomCommandUpdated', data: { commandId, version, definition: d, by: ADA, at: T0 } });
const run = (now = T0, interactionId = '900000000000000001', options: Record<string, string> = {}) =>
  cmd('RunCustomCommand', { commandId: 'cc-1', version: 1, interactionId, userId: MEMBER, userName: 'Keen Comet', channelId: CHANNEL, guildName: 'Cozy Corner', options }, now);
const ran = (counters: Record<string, number>, now = T0, interactionId = '900000000000000001', over: Record<string, unknown> = {}): CustomCommandEvent => ({
  type: 'CustomCommandRan',
  data: { commandId: 'cc-1', version: 1, interactionId, userId: MEMBER, channelId: CHANNEL, counters, reply: `Hello <@${MEMBER}>!`, ephemeral: false, posts: [], at: now, ...over },
});

describe('custom commands: create', () => {
  it('records the definition as version 1', () => {
    spec.given([]).when(cmd('CreateCustomCommand', { commandId: 'cc-1', definition: def() })).then([created()]);
  });

  it('refuses a name another command or a built-in one has', () => {
    spec.given([created()]).when(cmd('CreateCustomCommand', { commandId: 'cc-2', definition: def() })).thenRejects('NAME_TAKEN');
    spec.given([]).when(cmd('CreateCustomCommand', { commandId: 'cc-2', definition: def({ name: 'ban' }) })).thenRejects('NAME_TAKEN');
    spec.given([created(), { type: 'CustomCommandDeleted', data: { commandId: 'cc-1', name: 'hello', by: ADA, at: T0 } }])
      .when(cmd('CreateCustomCommand', { commandId: 'cc-2', definition: def() }))
      .then([created(def(), 'cc-2')]);
  });

  it('refuses a template error, naming the field and the position', () => {
    const d = def({ response: 'Hi {{option.who}}' });
    expect(definitionProblem(d)).toMatchObject({ code: 'INVALID_TEMPLATE', field: 'response', position: { offset: 5, line: 1, column: 6 }, templateCode: 'TEMPLATE_UNKNOWN_OPTION' });
    spec.given([]).when(cmd('CreateCustomCommand', { commandId: 'cc-1', definition: d })).thenRejects('INVALID_TEMPLATE');
    const post = def({ actions: [{ kind: 'post', channelId: CHANNEL, content: '{{oops' }] });
    expect(definitionProblem(post)).toMatchObject({ field: 'actions[0].content', templateCode: 'TEMPLATE_UNCLOSED_VARIABLE' });
  });

  it('refuses names and options Discord refuses', () => {
    expect(CustomCommandDefinitionSchema.safeParse({ name: 'Hello', description: 'x', response: 'x' }).success).toBe(false);
    expect(CustomCommandDefinitionSchema.safeParse({ name: 'hi there', description: 'x', response: 'x' }).success).toBe(false);
    expect(CustomCommandDefinitionSchema.safeParse({ name: 'x'.repeat(33), description: 'x', response: 'x' }).success).toBe(false);
    expect(CustomCommandDefinitionSchema.safeParse({ name: 'привет', description: 'x', response: 'x' }).success).toBe(true);
    const twice = def({ options: [{ name: 'who', description: 'Who' }, { name: 'who', description: 'Who again' }] });
    expect(definitionProblem(twice)).toMatchObject({ code: 'INVALID_DEFINITION', field: 'options[1].name' });
    const order = def({ options: [{ name: 'a', description: 'A' }, { name: 'b', description: 'B', required: true }] });
    expect(definitionProblem(order)).toMatchObject({ code: 'INVALID_DEFINITION', field: 'options[1].required' });
  });
});

describe('custom commands: versions', () => {
  it('an update is the next version; the same definition again records nothing; an old base conflicts', () => {
    const v2 = def({ response: 'Hey {{user.name}}' });
    spec.given([created()]).when(cmd('UpdateCustomCommand', { commandId: 'cc-1', definition: v2, expectedVersion: 1 })).then([updated(2, v2)]);
    spec.given([created(), updated(2, v2)]).when(cmd('UpdateCustomCommand', { commandId: 'cc-1', definition: v2 })).then([]);
    spec.given([created(), updated(2, v2)]).when(cmd('UpdateCustomCommand', { commandId: 'cc-1', definition: def({ response: 'x' }), expectedVersion: 1 })).thenRejects('VERSION_CONFLICT');
    spec.given([]).when(cmd('UpdateCustomCommand', { commandId: 'cc-1', definition: v2 })).thenRejects('COMMAND_NOT_FOUND');
  });

  it('a roll back makes an old definition current as a new version, keeping the history', () => {
    const v2 = def({ response: 'Hey {{user.name}}' });
    spec.given([created(), updated(2, v2)]).when(cmd('RollBackCustomCommand', { commandId: 'cc-1', toVersion: 1 })).then([
      { type: 'CustomCommandRolledBack', data: { commandId: 'cc-1', version: 3, restoredVersion: 1, definition: def(), by: ADA, at: T0 } },
    ]);
    spec.given([created(), updated(2, v2)]).when(cmd('RollBackCustomCommand', { commandId: 'cc-1', toVersion: 7 })).thenRejects('VERSION_NOT_FOUND');
    spec.given([created(), updated(2, v2)]).when(cmd('RollBackCustomCommand', { commandId: 'cc-1', toVersion: 2 })).then([]);
    const state = [created(), updated(2, v2)].reduce(customCommandsDecider.evolve, customCommandsDecider.initialState());
    expect(state.commands['cc-1']!.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(diffDefinitions(def(), v2)).toEqual([{ field: 'response', from: 'Hello {{user}}!', to: 'Hey {{user.name}}' }]);
  });

  it('a delete hides the command; deleting again records nothing', () => {
    const deleted: CustomCommandEvent = { type: 'CustomCommandDeleted', data: { commandId: 'cc-1', name: 'hello', by: ADA, at: T0 } };
    spec.given([created()]).when(cmd('DeleteCustomCommand', { commandId: 'cc-1' })).then([deleted]);
    spec.given([created(), deleted]).when(cmd('DeleteCustomCommand', { commandId: 'cc-1' })).then([]);
    spec.given([created(), deleted]).when(run()).thenRejects('COMMAND_NOT_FOUND');
    expect(liveCommands([created(), deleted].reduce(customCommandsDecider.evolve, customCommandsDecider.initialState()))).toEqual([]);
  });
});

describe('custom commands: runs', () => {
  it('renders the reply with the run’s options and counts each counter the templates use, as an event', () => {
    const counted = def({ response: 'Hello #{{counter.hellos}} about {{option.topic}}', options: [{ name: 'topic', description: 'What' }], ephemeral: true });
    spec.given([created(counted)]).when(run(T0, '900000000000000001', { topic: 'rules' })).then([ran({ hellos: 1 }, T0, '900000000000000001', { reply: 'Hello #1 about rules', ephemeral: true })]);
    spec.given([created(counted), ran({ hellos: 1 }, T0, '900000000000000002')]).when(run(at(1))).then([ran({ hellos: 2 }, at(1), '900000000000000001', { reply: 'Hello #2 about ', ephemeral: true })]);
  });

  it('asks for the role and DM actions (the executor carries them out) and renders the posts', () => {
    const acting = def({
      actions: [
        { kind: 'give-role', roleId: '400000000000000001' },
        { kind: 'post', channelId: '300000000000000002', content: '{{user.name}} said hello in {{channel}}' },
        { kind: 'dm', content: 'Welcome to {{guild.name}}' },
      ],
    });
    const request = (i: number, kind: 'give-role' | 'dm', roleId: string | null, content: string | null): CustomCommandEvent => ({
      type: 'CustomCommandActionRequested',
      data: { actionId: `900000000000000001-${i}`, commandId: 'cc-1', interactionId: '900000000000000001', kind, userId: MEMBER, roleId, content, auditLogReason: '/hello run by Keen Comet (custom command)', requestedAt: T0 },
    });
    const events = [ran({}, T0, '900000000000000001', { posts: [{ channelId: '300000000000000002', content: `Keen Comet said hello in <#${CHANNEL}>` }] }), request(0, 'give-role', '400000000000000001', null), request(2, 'dm', null, 'Welcome to Cozy Corner')];
    spec.given([created(acting)]).when(run()).then(events);
    const done = cmd('RecordCustomCommandActionSucceeded', { actionId: '900000000000000001-0' });
    spec.given([created(acting), ...events]).when(done).then([{ type: 'CustomCommandActionSucceeded', data: { actionId: '900000000000000001-0', at: T0 } }]);
    spec.given([created(acting), ...events, { type: 'CustomCommandActionSucceeded', data: { actionId: '900000000000000001-0', at: T0 } }]).when(done).then([]);
    spec.given([created(acting), ...events]).when(cmd('RecordCustomCommandActionFailed', { actionId: '900000000000000001-2', reason: 'Cannot send messages to this user', discordErrorCode: 50007, httpStatus: 403 })).then([
      { type: 'CustomCommandActionFailed', data: { actionId: '900000000000000001-2', reason: 'Cannot send messages to this user', discordErrorCode: 50007, httpStatus: 403, at: T0 } },
    ]);
  });

  it('enforces the cooldown per member, then lets them run again', () => {
    const cooled = def({ cooldownSeconds: 30 });
    spec.given([created(cooled), ran({})]).when(run(at(10), '900000000000000002')).thenRejects('ON_COOLDOWN');
    try {
      customCommandsDecider.decide(run(at(10), '900000000000000002'), [created(cooled), ran({})].reduce(customCommandsDecider.evolve, customCommandsDecider.initialState()));
      expect.unreachable();
    } catch (e) {
      expect((e as { details: Record<string, unknown> }).details['retryAfterSeconds']).toBe(20);
    }
    spec.given([created(cooled), ran({})]).when(run(at(30), '900000000000000002')).then([ran({}, at(30), '900000000000000002')]);
    spec.given([created(), ran({})]).when(run(at(0), '900000000000000002')).then([ran({}, at(0), '900000000000000002')]);
  });
});
