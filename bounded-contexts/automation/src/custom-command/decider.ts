import type { Decider } from '@guildhall/kernel';
import { AutomationErrorCodes as E, reject } from './errors.js';
import type { CustomCommandCommand } from './commands.js';
import { renderTemplate, type RenderContext } from '../template/render.js';
import { checkedTemplates, countersOf, definitionProblem, type CustomCommandDefinition } from './definition.js';
import type { CustomCommandEvent } from './events.js';
import { commandNamed, evolveCustomCommands, initialCustomCommands, type CustomCommandEntry, type CustomCommandsState } from './state.js';

type Of<T extends CustomCommandCommand['type']> = Extract<CustomCommandCommand, { type: T }>;

const same = (a: CustomCommandDefinition, b: CustomCommandDefinition): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The definition rules (the API checks them first, for its 400; this keeps every other sender out too). */
const valid = (d: CustomCommandDefinition, s: CustomCommandsState, commandId: string): void => {
  const problem = definitionProblem(d);
  if (problem) reject(problem.code, `${problem.field}: ${problem.reason}`, { field: problem.field, reason: problem.reason, ...(problem.position ? { position: problem.position, templateCode: problem.templateCode } : {}) });
  const other = commandNamed(s, d.name);
  if (other && other.commandId !== commandId) reject(E.NAME_TAKEN, `this server already has a /${d.name}`, { field: 'name', reason: `this server already has a /${d.name}`, commandId: other.commandId });
};

const live = (s: CustomCommandsState, commandId: string): CustomCommandEntry => {
  const c = s.commands[commandId];
  if (!c || c.deleted) return reject(E.COMMAND_NOT_FOUND, `no custom command ${commandId} in this server`, { commandId });
  return c;
};

const create = (c: Of<'CreateCustomCommand'>, s: CustomCommandsState): CustomCommandEvent[] => {
  const known = s.commands[c.data.commandId];
  if (known) {
    if (!known.deleted && same(known.versions[0]!.definition, c.data.definition)) return [];
    reject(E.ALREADY_EXISTS, `the custom command ${c.data.commandId} exists already`, { commandId: c.data.commandId });
  }
  valid(c.data.definition, s, c.data.commandId);
  return [{ type: 'CustomCommandCreated', data: { commandId: c.data.commandId, version: 1, definition: c.data.definition, by: c.meta.actor, at: c.meta.now } }];
};

const update = (c: Of<'UpdateCustomCommand'>, s: CustomCommandsState): CustomCommandEvent[] => {
  const cmd = live(s, c.data.commandId);
  if (c.data.expectedVersion !== null && c.data.expectedVersion !== cmd.version) {
    reject(E.VERSION_CONFLICT, `version ${cmd.version} was saved since version ${c.data.expectedVersion}; reload and edit again`, { currentVersion: cmd.version, expectedVersion: c.data.expectedVersion });
  }
  if (same(cmd.definition, c.data.definition)) return [];
  valid(c.data.definition, s, c.data.commandId);
  return [{ type: 'CustomCommandUpdated', data: { commandId: cmd.commandId, version: cmd.version + 1, definition: c.data.definition, by: c.meta.actor, at: c.meta.now } }];
};

const rollBack = (c: Of<'RollBackCustomCommand'>, s: CustomCommandsState): CustomCommandEvent[] => {
  const cmd = live(s, c.data.commandId);
  const target = cmd.versions.find((v) => v.version === c.data.toVersion);
  if (!target) return reject(E.VERSION_NOT_FOUND, `/${cmd.definition.name} has no version ${c.data.toVersion} (it has 1-${cmd.version})`, { field: 'toVersion', version: c.data.toVersion });
  if (same(cmd.definition, target.definition)) return [];
  // Another command may have taken the old name since.
  valid(target.definition, s, cmd.commandId);
  return [{ type: 'CustomCommandRolledBack', data: { commandId: cmd.commandId, version: cmd.version + 1, restoredVersion: target.version, definition: target.definition, by: c.meta.actor, at: c.meta.now } }];
};

const remove = (c: Of<'DeleteCustomCommand'>, s: CustomCommandsState): CustomCommandEvent[] => {
  const cmd = s.commands[c.data.commandId];
  if (!cmd) return reject(E.COMMAND_NOT_FOUND, `no custom command ${c.data.commandId} in this server`, { commandId: c.data.commandId });
  if (cmd.deleted) return [];
  return [{ type: 'CustomCommandDeleted', data: { commandId: cmd.commandId, name: cmd.definition.name, by: c.meta.actor, at: c.meta.now } }];
};

const run = (c: Of<'RunCustomCommand'>, s: CustomCommandsState): CustomCommandEvent[] => {
  const cmd = live(s, c.data.commandId);
  const cooldownMs = cmd.definition.cooldownSeconds * 1000;
  const last = cmd.lastRunAt[c.data.userId];
  if (last !== undefined && cooldownMs > 0) {
    const readyAt = Date.parse(last) + cooldownMs;
    const waitMs = readyAt - Date.parse(c.meta.now);
    if (waitMs > 0) reject(E.ON_COOLDOWN, `/${cmd.definition.name} can be used again in ${Math.ceil(waitMs / 1000)} s`, { retryAfterSeconds: Math.ceil(waitMs / 1000), readyAt: new Date(readyAt).toISOString() });
  }
  const d = cmd.definition;
  const counters = Object.fromEntries(countersOf(d).map((n) => [n, (cmd.counters[n] ?? 0) + 1]));
  const templates = checkedTemplates(d);
  const ctx: RenderContext = { user: { id: c.data.userId, name: c.data.userName }, channelId: c.data.channelId, guildName: c.data.guildName, options: c.data.options, counters };
  const render = (field: string): string => renderTemplate(templates.get(field)!, ctx);
  const posts = d.actions.flatMap((a, i) => (a.kind === 'post' ? [{ channelId: a.channelId, content: render(`actions[${i}].content`) }] : []));
  const reason = `/${d.name} run by ${c.data.userName} (custom command)`.slice(0, 512);
  const requested: CustomCommandEvent[] = d.actions.flatMap((a, i): CustomCommandEvent[] =>
    a.kind === 'post'
      ? []
      : [
          {
            type: 'CustomCommandActionRequested',
            data: {
              actionId: `${c.data.interactionId}-${i}`,
              commandId: cmd.commandId,
              interactionId: c.data.interactionId,
              kind: a.kind,
              userId: c.data.userId,
              roleId: a.kind === 'dm' ? null : a.roleId,
              content: a.kind === 'dm' ? render(`actions[${i}].content`) : null,
              auditLogReason: reason,
              requestedAt: c.meta.now,
            },
          },
        ],
  );
  return [
    {
      type: 'CustomCommandRan',
      data: {
        commandId: cmd.commandId,
        version: cmd.version,
        interactionId: c.data.interactionId,
        userId: c.data.userId,
        channelId: c.data.channelId,
        counters,
        reply: render('response'),
        ephemeral: d.ephemeral,
        posts,
        at: c.meta.now,
      },
    },
    ...requested,
  ];
};

/** An outcome of a role or DM action: recorded once (a redelivered outcome, or one for an unknown action, records nothing). */
const actionOutcome = (c: Of<'RecordCustomCommandActionSucceeded'> | Of<'RecordCustomCommandActionFailed'>, s: CustomCommandsState): CustomCommandEvent[] => {
  if (!s.pendingActions[c.data.actionId]) return [];
  if (c.type === 'RecordCustomCommandActionSucceeded') return [{ type: 'CustomCommandActionSucceeded', data: { actionId: c.data.actionId, at: c.meta.now } }];
  const { actionId, reason, discordErrorCode, httpStatus } = c.data;
  return [{ type: 'CustomCommandActionFailed', data: { actionId, reason, discordErrorCode, httpStatus, at: c.meta.now } }];
};

export const decideCustomCommands = (c: CustomCommandCommand, s: CustomCommandsState): CustomCommandEvent[] => {
  switch (c.type) {
    case 'CreateCustomCommand':
      return create(c, s);
    case 'UpdateCustomCommand':
      return update(c, s);
    case 'RollBackCustomCommand':
      return rollBack(c, s);
    case 'DeleteCustomCommand':
      return remove(c, s);
    case 'RunCustomCommand':
      return run(c, s);
    case 'RecordCustomCommandActionSucceeded':
    case 'RecordCustomCommandActionFailed':
      return actionOutcome(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const customCommandsDecider: Decider<CustomCommandsState, CustomCommandCommand, CustomCommandEvent> = {
  decide: decideCustomCommands,
  evolve: evolveCustomCommands,
  initialState: initialCustomCommands,
};
