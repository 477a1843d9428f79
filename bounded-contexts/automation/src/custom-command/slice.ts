import { deciderSlice, eventFromEnvelope, streamAggregate, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { customCommandsStreamId } from './stream-ids.js';
import { customCommandCommands } from './commands.js';
import { customCommandsDecider } from './decider.js';
import { customCommandEvents, type CustomCommandEvent } from './events.js';
import type { CustomCommandsState } from './state.js';

/** The guild's custom commands on one stream, for the automation handler (`sliceHandler`). */
export const customCommandsSlice = deciderSlice(customCommandCommands, customCommandsDecider, (c) => customCommandsStreamId(c.meta.guildId));

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>;
export const parseCustomCommandEvent = (e: Stored): CustomCommandEvent | undefined => eventFromEnvelope(customCommandEvents, e);

/** The guild's custom commands stream, for `aggregateStream` (the API, the bot). */
export const customCommandsAggregate: StreamAggregate<CustomCommandsState, CustomCommandEvent> = streamAggregate(customCommandsDecider, customCommandEvents);
