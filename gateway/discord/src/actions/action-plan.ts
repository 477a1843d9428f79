import { deterministicId, type Actor, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import type { EventStore } from '@guildhall/eventing';
import type { ActionFailure } from './action-failure.js';
import type { ActionRequest, ActionResult } from './action-request.js';

/** What the executor does for one stored event: the action, and how to report its outcome. */
export type ActionPlan = Readonly<{
  request: ActionRequest;
  /** The bounded context the outcome command goes to. */
  context: string;
  /** The outcome is already recorded (a replayed or redelivered event): nothing to do. */
  isSettled: () => Promise<boolean>;
  succeeded: (result: ActionResult, now: string) => CommandEnvelope;
  failed: (failure: ActionFailure, now: string) => CommandEnvelope;
}>;

/** One context's events that ask for Discord actions. */
export type ActionSource = Readonly<{
  context: string;
  /** Null for events that ask nothing of Discord; throws on a malformed known event. */
  plan: (event: EventEnvelope, store: EventStore) => ActionPlan | null;
}>;

export const BOT_ACTOR: Actor = { kind: 'system', id: 'guildhall-discord-bot', name: 'Guildhall bot' };

/**
 * The outcome command of an event: its id derives from the event, so however often the event
 * is delivered (crash, replay, second replica), the context records one outcome.
 */
export const outcomeEnvelope = (event: EventEnvelope, type: string, payload: unknown, now: string): CommandEnvelope => ({
  id: deterministicId(event.id, 'outcome'),
  type,
  issuedAt: now,
  guildId: event.guildId,
  actor: BOT_ACTOR,
  source: 'discord',
  correlationId: event.correlationId,
  causationId: event.id,
  payload,
});
