import { deciderSlice, eventFromEnvelope, streamAggregate, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { appealCommands } from './appeal/commands.js';
import { caseAppealsDecider } from './appeal/decider.js';
import { appealEvents, type AppealEvent } from './appeal/events.js';
import type { CaseAppealsState } from './appeal/state.js';
import { appealSettingsCommands } from './appeal-settings/commands.js';
import { appealSettingsDecider } from './appeal-settings/decider.js';
import { appealSettingsEvents, type AppealSettingsEvent } from './appeal-settings/events.js';
import type { AppealSettingsState } from './appeal-settings/state.js';
import { appealSettingsStreamId, caseAppealsStreamId } from './stream-ids.js';

/** Every appeals command type → the zod schema of its payload. */
export const commands = { ...appealCommands, ...appealSettingsCommands };
export type AppealsCommandType = keyof typeof commands;

export const caseAppealsSlice = deciderSlice(appealCommands, caseAppealsDecider, (c) => caseAppealsStreamId(c.meta.guildId, c.data.caseNumber));
export const appealSettingsSlice = deciderSlice(appealSettingsCommands, appealSettingsDecider, (c) => appealSettingsStreamId(c.meta.guildId));

export const appealsEvents = { ...appealEvents, ...appealSettingsEvents };
export type AppealsEvent = AppealEvent | AppealSettingsEvent;

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>;
export const parseAppealEvent = (e: Stored): AppealEvent | undefined => eventFromEnvelope(appealEvents, e);
export const parseAppealSettingsEvent = (e: Stored): AppealSettingsEvent | undefined => eventFromEnvelope(appealSettingsEvents, e);

/** A case's appeals stream, for `aggregateStream`. */
export const caseAppealsAggregate: StreamAggregate<CaseAppealsState, AppealEvent> = streamAggregate(caseAppealsDecider, appealEvents);

/** A guild's appeal settings stream, for `aggregateStream` (the sender of SubmitAppeal reads it). */
export const appealSettingsAggregate: StreamAggregate<AppealSettingsState, AppealSettingsEvent> = streamAggregate(appealSettingsDecider, appealSettingsEvents);
