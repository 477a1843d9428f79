import type { Decider } from '@guildhall/kernel';
import type { AppealSettingsCommand } from './commands.js';
import type { AppealSettingsEvent } from './events.js';
import { evolveAppealSettings, initialAppealSettings, type AppealSettingsState } from './state.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Saving what is already in force records nothing. */
export const decideAppealSettings = (c: AppealSettingsCommand, s: AppealSettingsState): AppealSettingsEvent[] =>
  same(c.data.settings, s.settings) ? [] : [{ type: 'AppealSettingsChanged', data: { settings: c.data.settings, changedBy: c.meta.actor, changedAt: c.meta.now } }];

export const appealSettingsDecider: Decider<AppealSettingsState, AppealSettingsCommand, AppealSettingsEvent> = {
  decide: decideAppealSettings,
  evolve: evolveAppealSettings,
  initialState: initialAppealSettings,
};
