import { MemberForgottenSchema } from '@guildhall/access';
import type { EventEnvelope } from '@guildhall/kernel';

/** The member keys a stored event says to destroy: `<guildId>/<memberId>` (all their scopes) for MemberForgotten; none otherwise. */
export const keysToDestroy = (e: Pick<EventEnvelope, 'type' | 'guildId' | 'payload'>): string | undefined => {
  if (e.type !== 'MemberForgotten') return undefined;
  const parsed = MemberForgottenSchema.parse(e.payload);
  return `${e.guildId}/${parsed.memberId}`;
};
