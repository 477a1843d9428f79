/**
 * One thing to do in Discord, whatever event asked for it. `id` is the requesting event's id
 * (nonces and outcome ids derive from it); `auditLogReason` goes to X-Audit-Log-Reason.
 */
type Base = Readonly<{ id: string; guildId: string; requestedAt: string; auditLogReason: string | null }>;

export type MemberTarget = Readonly<{ userId: string }>;

/** Who a message may ping; mass mentions stay off unless asked for. */
export type AllowedMentions = Readonly<{ everyone: boolean; roles: boolean; users: boolean }>;
export const USERS_ONLY: AllowedMentions = { everyone: false, roles: false, users: true };

export type ActionRequest =
  | (Base & MemberTarget & { kind: 'ban'; deleteMessageSeconds: number | null })
  | (Base & MemberTarget & { kind: 'unban' })
  | (Base & MemberTarget & { kind: 'kick' })
  | (Base & MemberTarget & { kind: 'timeout'; until: string })
  | (Base & MemberTarget & { kind: 'untimeout' })
  | (Base & MemberTarget & { kind: 'role-add' | 'role-remove'; roleId: string })
  | (Base & {
      kind: 'send-message';
      channelId: string;
      content: string | null;
      /** Discord API embed objects. */
      embeds: readonly Readonly<Record<string, unknown>>[];
      replyToMessageId: string | null;
      allowedMentions: AllowedMentions;
      /** Discord API message components (action rows of buttons); absent: none. */
      components?: readonly Readonly<Record<string, unknown>>[];
    })
  /** `components: []` takes a message's buttons away. */
  | (Base & { kind: 'edit-message'; channelId: string; messageId: string; content: string; components?: readonly Readonly<Record<string, unknown>>[] })
  | (Base & { kind: 'delete-message'; channelId: string; messageId: string })
  /** A DM; `warn-dm` is the DM telling a member about a sanction (a closed DM is not an error then). */
  | (Base & MemberTarget & { kind: 'dm' | 'warn-dm'; content: string })
  | (Base & { kind: 'purge'; channelId: string; count: number; authorId: string | null });

export type ActionKind = ActionRequest['kind'];

/** Discord's ids for what the action created or touched (message ids, the DM channel, counts). */
export type ActionResult = Readonly<{
  /** True when Discord already showed the effect and nothing was sent (a redelivery). */
  alreadyDone: boolean;
  ids: Readonly<Record<string, string>>;
  /** For purges: how many messages were deleted. */
  count?: number;
  /** For purges: how many chosen messages were too old to bulk-delete (left in place). */
  skipped?: number;
}>;

/** Actions on one target run in order (ban then unban of one member must not swap). */
export const targetKey = (r: ActionRequest): string => {
  switch (r.kind) {
    case 'send-message':
    case 'edit-message':
    case 'delete-message':
    case 'purge':
      return `channel:${r.channelId}`;
    default:
      return `member:${r.guildId}:${r.userId}`;
  }
};

/** A message nonce from the event id: Discord allows 25 characters. */
export const nonceOf = (eventId: string): string => eventId.replace(/-/g, '').slice(0, 25);
