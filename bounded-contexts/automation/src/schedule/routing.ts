import { deciderSlice, eventFromEnvelope, streamAggregate, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { scheduleStreamId } from '../stream-ids.js';
import { scheduleCommands } from './commands.js';
import { scheduleDecider } from './decider.js';
import { scheduleEvents, type ScheduleEvent } from './events.js';
import type { ScheduleState } from './state.js';

/** Every command names its schedule: the API picks the id of a new one, so a retried create is the same stream. */
export const scheduleSlice = deciderSlice(scheduleCommands, scheduleDecider, (c) => scheduleStreamId(c.meta.guildId, c.data.scheduleId));

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>;
export const parseScheduleEvent = (e: Stored): ScheduleEvent | undefined => eventFromEnvelope(scheduleEvents, e);

/** A schedule's stream, for `aggregateStream` and `foldStream`. */
export const scheduleAggregate: StreamAggregate<ScheduleState, ScheduleEvent> = streamAggregate(scheduleDecider, scheduleEvents);
