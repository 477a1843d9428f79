import type { Decider } from '@guildhall/kernel';
import type { FourEyesCommand } from './commands.js';
import type { FourEyesEvent } from './events.js';
import { evolveFourEyes, initialFourEyesState, type FourEyesState } from './state.js';

const sameActs = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** Every change is an event (the settings' history); setting the rules already in force records nothing. */
export const decideFourEyes = (c: FourEyesCommand, s: FourEyesState): FourEyesEvent[] => {
  const d = c.data;
  const unchanged = s.configured !== null && sameActs(s.acts, d.acts) && s.bulkThreshold === d.bulkThreshold && s.expirySeconds === d.expirySeconds && s.staffChannelId === d.staffChannelId;
  if (unchanged) return [];
  return [{ type: 'FourEyesConfigured', data: { acts: [...d.acts].sort(), bulkThreshold: d.bulkThreshold, expirySeconds: d.expirySeconds, staffChannelId: d.staffChannelId, configuredBy: c.meta.actor, configuredAt: c.meta.now } }];
};

export const fourEyesDecider: Decider<FourEyesState, FourEyesCommand, FourEyesEvent> = {
  decide: decideFourEyes,
  evolve: evolveFourEyes,
  initialState: initialFourEyesState,
};
