import type { Actor } from '@guildhall/kernel';
import type { CustomCommandDefinition } from './definition.js';
import type { CustomCommandEvent } from './events.js';

/** One stored version of a command: what it was, who made it and how. */
export type CustomCommandVersion = Readonly<{
  version: number;
  definition: CustomCommandDefinition;
  change: 'created' | 'updated' | 'rolled-back';
  /** For a roll back: the version it restored. */
  restoredVersion: number | null;
  by: Actor;
  at: string;
}>;

export type CustomCommandEntry = Readonly<{
  commandId: string;
  definition: CustomCommandDefinition;
  version: number;
  deleted: boolean;
  versions: readonly CustomCommandVersion[];
  counters: Readonly<Record<string, number>>;
  /** Each member's last run while their cooldown may still run (older entries are dropped). */
  lastRunAt: Readonly<Record<string, string>>;
  runs: number;
}>;

export type CustomCommandsState = Readonly<{
  commands: Readonly<Record<string, CustomCommandEntry>>;
  /** Role and DM actions asked for and not yet carried out (their outcome removes them). */
  pendingActions: Readonly<Record<string, true>>;
}>;

export const initialCustomCommands = (): CustomCommandsState => ({ commands: {}, pendingActions: {} });

/** The live (not deleted) command with this name. */
export const commandNamed = (s: CustomCommandsState, name: string): CustomCommandEntry | undefined =>
  Object.values(s.commands).find((c) => !c.deleted && c.definition.name === name);

/** The live commands, by name. */
export const liveCommands = (s: CustomCommandsState): CustomCommandEntry[] =>
  Object.values(s.commands)
    .filter((c) => !c.deleted)
    .sort((a, b) => (a.definition.name < b.definition.name ? -1 : 1));

const put = (s: CustomCommandsState, e: CustomCommandEntry): CustomCommandsState => ({ ...s, commands: { ...s.commands, [e.commandId]: e } });

export const evolveCustomCommands = (s: CustomCommandsState, e: CustomCommandEvent): CustomCommandsState => {
  switch (e.type) {
    case 'CustomCommandCreated': {
      const v: CustomCommandVersion = { version: e.data.version, definition: e.data.definition, change: 'created', restoredVersion: null, by: e.data.by, at: e.data.at };
      return put(s, { commandId: e.data.commandId, definition: e.data.definition, version: e.data.version, deleted: false, versions: [v], counters: {}, lastRunAt: {}, runs: 0 });
    }
    case 'CustomCommandUpdated':
    case 'CustomCommandRolledBack': {
      const c = s.commands[e.data.commandId];
      if (!c) return s;
      const restoredVersion = e.type === 'CustomCommandRolledBack' ? e.data.restoredVersion : null;
      const v: CustomCommandVersion = {
        version: e.data.version,
        definition: e.data.definition,
        change: e.type === 'CustomCommandRolledBack' ? 'rolled-back' : 'updated',
        restoredVersion,
        by: e.data.by,
        at: e.data.at,
      };
      return put(s, { ...c, definition: e.data.definition, version: e.data.version, versions: [...c.versions, v] });
    }
    case 'CustomCommandDeleted': {
      const c = s.commands[e.data.commandId];
      return c ? put(s, { ...c, deleted: true }) : s;
    }
    case 'CustomCommandRan': {
      const c = s.commands[e.data.commandId];
      if (!c) return s;
      const now = Date.parse(e.data.at);
      const cooldownMs = c.definition.cooldownSeconds * 1000;
      const lastRunAt = Object.fromEntries(Object.entries(c.lastRunAt).filter(([, at]) => Date.parse(at) + cooldownMs > now));
      if (cooldownMs > 0) lastRunAt[e.data.userId] = e.data.at;
      return put(s, { ...c, counters: { ...c.counters, ...e.data.counters }, lastRunAt, runs: c.runs + 1 });
    }
    case 'CustomCommandActionRequested':
      return { ...s, pendingActions: { ...s.pendingActions, [e.data.actionId]: true } };
    case 'CustomCommandActionSucceeded':
    case 'CustomCommandActionFailed': {
      const { [e.data.actionId]: _done, ...pendingActions } = s.pendingActions;
      return { ...s, pendingActions };
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
