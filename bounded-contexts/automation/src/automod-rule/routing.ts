import { deciderSlice, eventFromEnvelope, streamAggregate, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { automodRuleStreamId } from '../stream-ids.js';
import { automodRuleCommands } from './commands.js';
import { automodRuleDecider } from './decider.js';
import { automodRuleEvents, type AutomodRuleEvent } from './events.js';
import type { AutomodRuleState } from './state.js';

export const automodRuleSlice = deciderSlice(automodRuleCommands, automodRuleDecider, (c) => automodRuleStreamId(c.meta.guildId, c.data.ruleId));

export const parseAutomodRuleEvent = (e: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>): AutomodRuleEvent | undefined =>
  eventFromEnvelope(automodRuleEvents, e);

/** A rule's stream, for `aggregateStream` (the API asks the stream, not a read model that may lag, whether a rule exists). */
export const automodRuleAggregate: StreamAggregate<AutomodRuleState, AutomodRuleEvent> = streamAggregate(automodRuleDecider, automodRuleEvents);
