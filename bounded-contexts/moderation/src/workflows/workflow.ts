import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import type { ModerationEvent } from '../moderation-events.js';

/**
 * A workflow's `react`: the commands one stored moderation event leads to (none when it is not
 * one this workflow follows). Pure; the ids derive from the event, so reacting twice sends the
 * same commands, which the deciders deduplicate.
 */
export type Workflow = (event: ModerationEvent, envelope: EventEnvelope, now: string) => CommandEnvelope[];
