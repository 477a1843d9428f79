import { streamAggregate, type StreamAggregate } from '@guildhall/kernel';
import type { FourEyesAct } from './commands.js';
import { fourEyesEvents, type FourEyesConfigured, type FourEyesEvent } from './events.js';

/** The guild's four-eyes rules; `configured` is null until an admin first set them (four-eyes off). */
export type FourEyesState = Readonly<{
  acts: readonly FourEyesAct[];
  bulkThreshold: number;
  expirySeconds: number;
  staffChannelId: string | null;
  configured: Readonly<Pick<FourEyesConfigured['data'], 'configuredBy' | 'configuredAt'>> | null;
}>;

export const initialFourEyesState = (): FourEyesState => ({ acts: [], bulkThreshold: 10, expirySeconds: 24 * 3600, staffChannelId: null, configured: null });

export const evolveFourEyes = (_: FourEyesState, e: FourEyesEvent): FourEyesState => {
  const { acts, bulkThreshold, expirySeconds, staffChannelId, configuredBy, configuredAt } = e.data;
  return { acts, bulkThreshold, expirySeconds, staffChannelId, configured: { configuredBy, configuredAt } };
};

export const requiresApproval = (s: FourEyesState, act: FourEyesAct): boolean => s.acts.includes(act);

/** For `aggregateStream`: the gate and the API read the rules from their stream. */
export const fourEyesAggregate: StreamAggregate<FourEyesState, FourEyesEvent> = streamAggregate({ initialState: initialFourEyesState, evolve: evolveFourEyes }, fourEyesEvents);
