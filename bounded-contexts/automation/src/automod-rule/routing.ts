import { deciderSlice, eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { automodRuleStreamId } from '../stream-ids.js';
import { automodRuleCommands } from './commands.js';
import { automodRuleDecider } from './decider.js';
import { automodRuleEvents, type AutomodRuleEvent } from './events.js';

export const automodRuleSlice = deciderSlice(automodRuleCommands, automodRuleDecider, (c) => automodRuleStreamId(c.meta.guildId, c.data.ruleId));

export const parseAutomodRuleEvent = (e: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>): AutomodRuleEvent | undefined =>
  eventFromEnvelope(automodRuleEvents, e);
