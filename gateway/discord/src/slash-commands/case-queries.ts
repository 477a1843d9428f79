import { guildAccessDecider, guildAccessEvents, guildAccessStreamId, unrevokedGrants, type ActiveGrant, type GuildAccessEvent } from '@guildhall/access';
import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope, fold } from '@guildhall/kernel';
import {
  caseDecider,
  caseEvents,
  caseStreamId,
  evolveMemberRecord,
  initialMemberRecord,
  memberRecordEvents,
  memberRecordStreamId,
  type CaseEvent,
  type MemberRecordEvent,
  type MemberRecordState,
  type OpenedCase,
} from '@guildhall/moderation';

/** A case as the event store has it now (the truth, not a read model that may lag). */
export const readCase = async (store: EventStore, guildId: string, caseNumber: number): Promise<OpenedCase | null> => {
  const { events } = await store.readStream(caseStreamId(guildId, caseNumber));
  const state = fold(caseDecider, events.map((e) => eventFromEnvelope(caseEvents, e)).filter((e): e is CaseEvent => e !== undefined));
  return state.status === 'opened' ? state : null;
};

export const readMemberRecord = async (store: EventStore, guildId: string, userId: string): Promise<MemberRecordState> => {
  const { events } = await store.readStream(memberRecordStreamId(guildId, userId));
  return events
    .map((e) => eventFromEnvelope(memberRecordEvents, e))
    .filter((e): e is MemberRecordEvent => e !== undefined)
    .reduce(evolveMemberRecord, initialMemberRecord());
};

/** The guild's grants made in Guildhall (the access context's stream), as the slash commands' rule needs them. */
export const guildGrants = async (store: EventStore, guildId: string): Promise<ActiveGrant[]> => {
  const { events } = await store.readStream(guildAccessStreamId(guildId));
  return unrevokedGrants(fold(guildAccessDecider, events.map((e) => eventFromEnvelope(guildAccessEvents, e)).filter((e): e is GuildAccessEvent => e !== undefined)));
};
