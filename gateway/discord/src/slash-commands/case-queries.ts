import { guildAccessAggregate, guildAccessStreamId, unrevokedGrants, type ActiveGrant } from '@guildhall/access';
import { aggregateStream, type EventStore } from '@guildhall/eventing';
import {
  caseAggregate,
  caseStreamId,
  memberRecordAggregate,
  memberRecordStreamId,
  type MemberRecordState,
  type OpenedCase,
} from '@guildhall/moderation';

/** A case as the event store has it now (the truth, not a read model that may lag). */
export const readCase = async (store: EventStore, guildId: string, caseNumber: number): Promise<OpenedCase | null> => {
  const { state } = await aggregateStream(store, caseStreamId(guildId, caseNumber), caseAggregate);
  return state.status === 'opened' ? state : null;
};

export const readMemberRecord = async (store: EventStore, guildId: string, userId: string): Promise<MemberRecordState> =>
  (await aggregateStream(store, memberRecordStreamId(guildId, userId), memberRecordAggregate)).state;

/** The guild's grants made in Guildhall (the access context's stream), as the slash commands' rule needs them. */
export const guildGrants = async (store: EventStore, guildId: string): Promise<ActiveGrant[]> =>
  unrevokedGrants((await aggregateStream(store, guildAccessStreamId(guildId), guildAccessAggregate)).state);
