import { MemberForgottenSchema } from '@guildhall/access';
import { MEMBER_SCOPE_GUILD } from '@guildhall/appeals';
import type { EventEnvelope } from '@guildhall/kernel';

/**
 * The member keys a stored event says to destroy; none unless it is MemberForgotten:
 * `<guildId>/<memberId>` (all their scopes in that guild), and, when the member asked for it
 * themself ("forget me"), also their own member-scope keys `0/<memberId>` (their email address,
 * kept outside any guild). A guild's admin forgetting a member only reaches that guild's data.
 */
export const keysToDestroy = (e: Pick<EventEnvelope, 'type' | 'guildId' | 'payload'>): string[] => {
  if (e.type !== 'MemberForgotten') return [];
  const parsed = MemberForgottenSchema.parse(e.payload);
  const inGuild = `${e.guildId}/${parsed.memberId}`;
  return parsed.requestedBy === 'member' ? [inGuild, `${MEMBER_SCOPE_GUILD}/${parsed.memberId}`] : [inGuild];
};
