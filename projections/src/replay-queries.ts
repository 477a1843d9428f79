import { aggregateStream, type EventStore } from '@guildhall/eventing';
import {
  caseAggregate,
  caseStreamId,
  memberRecordAggregate,
  memberRecordStreamId,
  type CaseState,
  type MemberRecordState,
} from '@guildhall/moderation';
import { z } from 'zod';
import { GuildIdSchema, InstantInputSchema, parseQuery, SnowflakeSchema } from './query-input.js';

/** A stream version, or a moment (ISO text or Date); omitted: now (the whole stream). */
const AtSchema = z.union([z.number().int().nonnegative(), InstantInputSchema]).optional();

export const CaseReplayInputSchema = z.object({ guildId: GuildIdSchema, caseNumber: z.number().int().positive(), at: AtSchema }).strict();
export const MemberReplayInputSchema = z.object({ guildId: GuildIdSchema, userId: SnowflakeSchema, at: AtSchema }).strict();

export type Replayed<S> = Readonly<{ state: S; /** The stream's version when read. */ streamVersion: number; events: number }>;

/**
 * The state of a case as of a version or a moment, replayed from the event store itself (its
 * stream, read whole, folded by aggregateStream with the domain's evolve): the source of truth, for audits and
 * to check a read model against.
 */
export const replayCaseAsOf = async (store: Pick<EventStore, 'readStream'>, input: z.input<typeof CaseReplayInputSchema>): Promise<Replayed<CaseState>> => {
  const { guildId, caseNumber, at } = parseQuery('replayCaseAsOf', CaseReplayInputSchema, input);
  const { state, version, events } = await aggregateStream(store, caseStreamId(guildId, caseNumber), caseAggregate, { asOf: at });
  return { state, streamVersion: version, events: events.length };
};

/** A member's moderation record (banned? timed out? which requests and cases?) as of a version or a moment. */
export const replayMemberRecordAsOf = async (
  store: Pick<EventStore, 'readStream'>,
  input: z.input<typeof MemberReplayInputSchema>,
): Promise<Replayed<MemberRecordState>> => {
  const { guildId, userId, at } = parseQuery('replayMemberRecordAsOf', MemberReplayInputSchema, input);
  const { state, version, events } = await aggregateStream(store, memberRecordStreamId(guildId, userId), memberRecordAggregate, { asOf: at });
  return { state, streamVersion: version, events: events.length };
};
