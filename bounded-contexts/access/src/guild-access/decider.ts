import { streamAggregate, type Decider, type StreamAggregate } from '@guildhall/kernel';
import { AccessErrorCodes as E, reject } from '../access-errors.js';
import type { GuildAccessCommand } from './commands.js';
import { guildAccessEvents, type GuildAccessEvent } from './events.js';
import { initialGuildAccess, own, type GuildAccessState } from './state.js';

export const evolveGuildAccess = (s: GuildAccessState, e: GuildAccessEvent): GuildAccessState => {
  switch (e.type) {
    case 'AccessGranted': {
      const { grantId, subject, level, expiresAt } = e.data;
      return { ...s, grants: { ...s.grants, [grantId]: { grantId, subject, level, expiresAt, revoked: false } } };
    }
    case 'AccessRevoked': {
      const g = own(s.grants, e.data.grantId);
      return g ? { ...s, grants: { ...s.grants, [g.grantId]: { ...g, revoked: true } } } : s;
    }
    case 'ApiTokenIssued': {
      const { tokenId, name, scopes, secretHash, expiresAt } = e.data;
      return { ...s, tokens: { ...s.tokens, [tokenId]: { tokenId, name, scopes, secretHash, expiresAt, revoked: false } } };
    }
    case 'ApiTokenRevoked': {
      const t = own(s.tokens, e.data.tokenId);
      return t ? { ...s, tokens: { ...s.tokens, [t.tokenId]: { ...t, revoked: true } } } : s;
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Of<T extends GuildAccessCommand['type']> = Extract<GuildAccessCommand, { type: T }>;

/** A resent GrantAccess (same command id) asks nothing new; an active grant of the same level to the same subject is a conflict. */
export const grantAccess = (c: Of<'GrantAccess'>, s: GuildAccessState): GuildAccessEvent[] => {
  if (own(s.grants, c.meta.commandId)) return [];
  const { subject, level, expiresAt, reason } = c.data;
  if (expiresAt !== null && expiresAt <= c.meta.now) return reject(E.EXPIRY_IN_PAST, `the grant would expire at ${expiresAt}, before it starts`, { field: 'expiresAt' });
  const same = Object.values(s.grants).find(
    (g) => !g.revoked && (g.expiresAt === null || g.expiresAt > c.meta.now) && g.level === level && g.subject.kind === subject.kind && g.subject.id === subject.id,
  );
  if (same) return reject(E.ALREADY_GRANTED, `${subject.kind} ${subject.id} already holds ${level} (grant ${same.grantId})`, { grantId: same.grantId });
  return [{ type: 'AccessGranted', data: { grantId: c.meta.commandId, subject, level, expiresAt, reason, grantedBy: c.meta.actor, grantedAt: c.meta.now } }];
};

export const revokeAccess = (c: Of<'RevokeAccess'>, s: GuildAccessState): GuildAccessEvent[] => {
  const g = own(s.grants, c.data.grantId);
  if (!g) return reject(E.GRANT_NOT_FOUND, `no grant ${c.data.grantId} in this guild`, { field: 'grantId' });
  if (g.revoked) return reject(E.ALREADY_REVOKED, `grant ${g.grantId} is already revoked`);
  return [{ type: 'AccessRevoked', data: { grantId: g.grantId, subject: g.subject, level: g.level, reason: c.data.reason, revokedBy: c.meta.actor, revokedAt: c.meta.now } }];
};

export const issueApiToken = (c: Of<'IssueApiToken'>, s: GuildAccessState): GuildAccessEvent[] => {
  const known = own(s.tokens, c.data.tokenId);
  if (known) return known.secretHash === c.data.secretHash ? [] : reject(E.ALREADY_ISSUED, `token id ${c.data.tokenId} is taken`);
  if (Object.values(s.tokens).some((t) => t.secretHash === c.data.secretHash)) return reject(E.ALREADY_ISSUED, 'that secret is already in use');
  const { tokenId, name, scopes, expiresAt, secretHash } = c.data;
  if (expiresAt !== null && expiresAt <= c.meta.now) return reject(E.EXPIRY_IN_PAST, `the token would expire at ${expiresAt}, before it starts`, { field: 'expiresAt' });
  return [{ type: 'ApiTokenIssued', data: { tokenId, name, scopes, expiresAt, secretHash, issuedBy: c.meta.actor, issuedAt: c.meta.now } }];
};

export const revokeApiToken = (c: Of<'RevokeApiToken'>, s: GuildAccessState): GuildAccessEvent[] => {
  const t = own(s.tokens, c.data.tokenId);
  if (!t) return reject(E.TOKEN_NOT_FOUND, `no API token ${c.data.tokenId} in this guild`, { field: 'tokenId' });
  if (t.revoked) return reject(E.ALREADY_REVOKED, `token ${t.tokenId} is already revoked`);
  return [{ type: 'ApiTokenRevoked', data: { tokenId: t.tokenId, reason: c.data.reason, revokedBy: c.meta.actor, revokedAt: c.meta.now } }];
};

export const decideGuildAccess = (command: GuildAccessCommand, state: GuildAccessState): GuildAccessEvent[] => {
  switch (command.type) {
    case 'GrantAccess':
      return grantAccess(command, state);
    case 'RevokeAccess':
      return revokeAccess(command, state);
    case 'IssueApiToken':
      return issueApiToken(command, state);
    case 'RevokeApiToken':
      return revokeApiToken(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const guildAccessDecider: Decider<GuildAccessState, GuildAccessCommand, GuildAccessEvent> = {
  decide: decideGuildAccess,
  evolve: evolveGuildAccess,
  initialState: initialGuildAccess,
};

/** A guild's access stream, for `aggregateStream`. */
export const guildAccessAggregate: StreamAggregate<GuildAccessState, GuildAccessEvent> = streamAggregate(guildAccessDecider, guildAccessEvents);
