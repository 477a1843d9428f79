import { deciderSlice, eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { automodHitsStreamId } from '../stream-ids.js';
import { automodHitCommands } from './commands.js';
import { automodHitsDecider } from './decider.js';
import { automodHitEvents, type AutomodHitEvent } from './events.js';

export const automodHitsSlice = deciderSlice(automodHitCommands, automodHitsDecider, (c) => automodHitsStreamId(c.meta.guildId, c.data.ruleId, c.data.at));

export const parseAutomodHitEvent = (e: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>): AutomodHitEvent | undefined =>
  eventFromEnvelope(automodHitEvents, e);
