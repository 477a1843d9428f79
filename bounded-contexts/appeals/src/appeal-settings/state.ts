import type { AppealSettingsEvent } from './events.js';
import { defaultAppealSettings, type AppealSettings } from './settings.js';

export type AppealSettingsState = Readonly<{ settings: AppealSettings; changedAt: string | null }>;

export const initialAppealSettings = (): AppealSettingsState => ({ settings: defaultAppealSettings(), changedAt: null });

export const evolveAppealSettings = (_s: AppealSettingsState, e: AppealSettingsEvent): AppealSettingsState => {
  switch (e.type) {
    case 'AppealSettingsChanged':
      return { settings: e.data.settings, changedAt: e.data.changedAt };
    default: {
      const unknown: never = e.type;
      return unknown;
    }
  }
};
