import type { DiscordFact, FactChannel, FactMember, FactRole, FactUser } from '../facts/index.js';
import { commandFromFact, type FactRoute, type RoutedCommand } from './fact-route.js';

const COMMUNITY = 'community';

/** Community's DiscordUser needs a username; an unknown one falls back to the id. */
const user = (u: FactUser) => ({ id: u.id, username: (u.username ?? u.id).slice(0, 100) || u.id, globalName: u.globalName?.slice(0, 100) ?? null, bot: u.bot });

/** Discord nicknames are 1-32 characters; anything else means "no nickname". */
const nickname = (n: string | null): string | null => (n && n.length <= 32 ? n : null);

const role = (r: FactRole) => ({
  id: r.id,
  name: r.name.slice(0, 100) || r.id,
  color: Math.min(Math.max(r.color, 0), 0xffffff),
  position: r.position,
  permissions: r.permissions,
  hoist: r.hoist,
  mentionable: r.mentionable,
  managed: r.managed,
});

const channel = (c: FactChannel) => ({
  id: c.id,
  name: (c.name ?? c.id).slice(0, 100) || c.id,
  type: c.type,
  parentId: c.parentId,
  position: c.position ?? 0,
  topic: c.topic?.slice(0, 4096) ?? null,
  nsfw: c.nsfw,
});

/** A snapshot member: joined (a no-op when the same join is known) and then as they are now. */
const snapshotMember = (fact: DiscordFact, m: FactMember): RoutedCommand[] => [
  ...(m.joinedAt
    ? [commandFromFact(fact, COMMUNITY, 'RecordMemberJoined', { user: user(m.user), joinedAt: m.joinedAt, roles: m.roleIds, nickname: nickname(m.nick) }, undefined, `join-${m.user.id}`)]
    : []),
  commandFromFact(fact, COMMUNITY, 'RecordMemberUpdated', { user: user(m.user), roles: m.roleIds, nickname: nickname(m.nick) }, undefined, `update-${m.user.id}`),
];

const CONTENT_MAX = 4000;

/**
 * Facts → community's Record* commands (members, posted/edited/deleted messages, roles, channels,
 * presence counts). Snapshots become the same commands, which the deciders turn into events
 * only where Guildhall's view differed from Discord's.
 */
export const communityRoutes: FactRoute = (fact): readonly RoutedCommand[] => {
  const cmd = (type: string, payload: unknown, key?: string) => commandFromFact(fact, COMMUNITY, type, payload, undefined, key ?? type);
  switch (fact.type) {
    case 'member-joined': {
      const m = fact.payload.member;
      const joinedAt = m.joinedAt ?? fact.occurredAt;
      return [cmd('RecordMemberJoined', { user: user(m.user), joinedAt, roles: m.roleIds, nickname: nickname(m.nick) })];
    }
    case 'member-updated': {
      const p = fact.payload;
      return [cmd('RecordMemberUpdated', { user: user(p.user), roles: p.after.roleIds, nickname: nickname(p.after.nick) })];
    }
    case 'member-left':
      return [cmd('RecordMemberLeft', { user: user(fact.payload.user) })];
    case 'message-updated': {
      const p = fact.payload;
      // Without content (not allowed, or an embed-only update) there is no edit to record.
      if (!p.contentIncluded || p.after.content === null || !p.editedAt) return [];
      return [
        cmd('RecordMessageEdited', {
          messageId: p.messageId,
          channelId: p.channelId,
          author: p.author && user(p.author),
          before: p.before?.content?.slice(0, CONTENT_MAX) ?? null,
          after: p.after.content.slice(0, CONTENT_MAX),
          editedAt: p.editedAt,
        }),
      ];
    }
    case 'message-deleted': {
      const p = fact.payload;
      return [
        cmd('RecordMessageDeleted', {
          messageId: p.messageId,
          channelId: p.channelId,
          author: p.author && user(p.author),
          content: p.lastKnownContent?.slice(0, CONTENT_MAX) ?? null,
        }),
      ];
    }
    case 'messages-bulk-deleted': {
      const p = fact.payload;
      return p.messages.map((m) =>
        cmd(
          'RecordMessageDeleted',
          { messageId: m.messageId, channelId: p.channelId, author: m.author && user(m.author), content: m.lastKnownContent?.slice(0, CONTENT_MAX) ?? null },
          `deleted-${m.messageId}`,
        ),
      );
    }
    case 'role-created':
      return [cmd('RecordRoleCreated', { role: role(fact.payload.role) })];
    case 'role-updated':
      return [cmd('RecordRoleUpdated', { role: role(fact.payload.role) })];
    case 'role-deleted':
      return [cmd('RecordRoleDeleted', { roleId: fact.payload.roleId })];
    case 'channel-created':
      return [cmd('RecordChannelCreated', { channel: channel(fact.payload.channel) })];
    case 'channel-updated':
      return [cmd('RecordChannelUpdated', { channel: channel(fact.payload.channel) })];
    case 'channel-deleted':
      return [cmd('RecordChannelDeleted', { channel: channel(fact.payload.channel) })];
    case 'presence-counts': {
      const c = fact.payload.counts;
      return [cmd('RecordPresenceCounts', { ...c, memberCount: c.online + c.idle + c.dnd + c.offline })];
    }
    case 'guild-snapshot':
      return [
        ...fact.payload.roles.map((r) => cmd('RecordRoleUpdated', { role: role(r) }, `role-${r.id}`)),
        ...fact.payload.channels.map((c) => cmd('RecordChannelUpdated', { channel: channel(c) }, `channel-${c.id}`)),
      ];
    case 'guild-members-chunk':
      return fact.payload.members.flatMap((m) => snapshotMember(fact, m));
    case 'message-created': {
      const p = fact.payload;
      // Default messages and replies; system messages (joins, pins, boosts) are not anyone's words.
      if (p.messageType !== 0 && p.messageType !== 19) return [];
      return [
        cmd('RecordMessagePosted', {
          messageId: p.messageId,
          channelId: p.channelId,
          author: user(p.author),
          content: p.contentIncluded ? (p.content?.slice(0, CONTENT_MAX) ?? null) : null,
          createdAt: p.createdAt,
          mentionedUserIds: p.mentionedUserIds.slice(0, 1000),
          mentionedRoleIds: p.mentionedRoleIds.slice(0, 1000),
          mentionsEveryone: p.mentionsEveryone,
          attachmentCount: Math.min(p.attachmentCount, 100),
          embedCount: Math.min(p.embedCount, 100),
          replyToMessageId: p.replyToMessageId,
        }),
      ];
    }
    case 'ban-added':
    case 'ban-removed':
    case 'audit-log-entry':
    case 'sanctions-snapshot':
    case 'voice-state-updated':
      return [];
    default: {
      const unknown: never = fact;
      return unknown;
    }
  }
};
