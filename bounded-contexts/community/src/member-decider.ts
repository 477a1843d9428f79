import type { Decider } from '@guildhall/kernel';
import type { DiscordUser } from './community-schemas.js';
import type { MemberCommand, MemberEvent } from './member-messages.js';

export type MemberState = Readonly<{
  /** unknown: never seen; present / left: as last recorded. */
  presence: 'unknown' | 'present' | 'left';
  user: DiscordUser | null;
  joinedAt: string | null;
  /** null until a join or update told us. */
  roles: readonly string[] | null;
  nickname: string | null;
  /** Whether `nickname` is known (null is a real value: no nickname). */
  nicknameKnown: boolean;
}>;

export const initialMemberState = (): MemberState => ({
  presence: 'unknown',
  user: null,
  joinedAt: null,
  roles: null,
  nickname: null,
  nicknameKnown: false,
});

export const evolveMember = (s: MemberState, e: MemberEvent): MemberState => {
  switch (e.type) {
    case 'MemberJoined':
      return { presence: 'present', user: e.data.user, joinedAt: e.data.joinedAt, roles: e.data.roles, nickname: e.data.nickname, nicknameKnown: true };
    case 'MemberLeft':
      return { ...s, presence: 'left', user: e.data.user };
    case 'MemberRolesChanged':
      return { ...s, presence: s.presence === 'unknown' ? 'present' : s.presence, user: e.data.user, roles: e.data.after };
    case 'MemberNicknameChanged':
      return { ...s, presence: s.presence === 'unknown' ? 'present' : s.presence, user: e.data.user, nickname: e.data.after, nicknameKnown: true };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Of<T extends MemberCommand['type']> = Extract<MemberCommand, { type: T }>;

/** The same join delivered twice (same joinedAt) records nothing. */
export const recordMemberJoined = (c: Of<'RecordMemberJoined'>, s: MemberState): MemberEvent[] => {
  if (s.presence === 'present' && s.joinedAt === c.data.joinedAt) return [];
  const { user, joinedAt, roles, nickname } = c.data;
  return [{ type: 'MemberJoined', data: { user, joinedAt, roles, nickname, rejoined: s.presence !== 'unknown' } }];
};

/** Only what changed becomes an event; an update that changes nothing records nothing. */
export const recordMemberUpdated = (c: Of<'RecordMemberUpdated'>, s: MemberState): MemberEvent[] => {
  const { user, roles, nickname } = c.data;
  const at = c.meta.now;
  const events: MemberEvent[] = [];
  const before = s.roles;
  if (before === null || before.join() !== roles.join()) {
    const added = roles.filter((r) => !before?.includes(r));
    const removed = (before ?? []).filter((r) => !roles.includes(r));
    events.push({ type: 'MemberRolesChanged', data: { user, before: before && [...before], after: roles, added, removed, changedAt: at } });
  }
  const nicknameChanged = s.nicknameKnown ? s.nickname !== nickname : nickname !== null;
  if (nicknameChanged) {
    events.push({ type: 'MemberNicknameChanged', data: { user, before: s.nicknameKnown ? s.nickname : null, after: nickname, changedAt: at } });
  }
  return events;
};

/** A leave of a member already recorded as gone records nothing. */
export const recordMemberLeft = (c: Of<'RecordMemberLeft'>, s: MemberState): MemberEvent[] => {
  if (s.presence === 'left') return [];
  return [{ type: 'MemberLeft', data: { user: c.data.user, leftAt: c.meta.now, joinedAt: s.joinedAt, roles: s.roles && [...s.roles] } }];
};

export const decideMember = (command: MemberCommand, state: MemberState): MemberEvent[] => {
  switch (command.type) {
    case 'RecordMemberJoined':
      return recordMemberJoined(command, state);
    case 'RecordMemberUpdated':
      return recordMemberUpdated(command, state);
    case 'RecordMemberLeft':
      return recordMemberLeft(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const memberDecider: Decider<MemberState, MemberCommand, MemberEvent> = {
  decide: decideMember,
  evolve: evolveMember,
  initialState: initialMemberState,
};
