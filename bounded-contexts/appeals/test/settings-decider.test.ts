import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { appealSettingsDecider, commands, defaultAppealSettings } from '../src/index.js';
import { MOD2, settingsCmd, T0 } from './fixtures.js';

const spec = DeciderSpecification.for(appealSettingsDecider);
const settings = { ...defaultAppealSettings(), questions: ['Why should we lift it?'], showModeratorName: true };

describe('appeal settings', () => {
  it('given the defaults, a change is recorded; the same settings again record nothing', () => {
    spec.given([]).when(settingsCmd({ settings }, MOD2)).then([{ type: 'AppealSettingsChanged', data: { settings, changedBy: MOD2, changedAt: T0 } }]);
    spec.given([{ type: 'AppealSettingsChanged', data: { settings, changedBy: MOD2, changedAt: T0 } }]).when(settingsCmd({ settings }, MOD2)).then([]);
    spec.given([]).when(settingsCmd({ settings: defaultAppealSettings() }, MOD2)).then([]);
  });
  it('refuses more than ten questions, an empty question, and a review limit under a minute, naming the field', () => {
    const bad = [
      { ...settings, questions: Array.from({ length: 11 }, (_, i) => `q${i}`) },
      { ...settings, questions: [' '] },
      { ...settings, reviewLimitSeconds: 5 },
    ];
    const paths = bad.map((s) => commands.ChangeAppealSettings.safeParse({ settings: s }).error?.issues[0]?.path.slice(0, 2));
    expect(paths).toEqual([['settings', 'questions'], ['settings', 'questions'], ['settings', 'reviewLimitSeconds']]);
  });
});
