import { snowflakeMs } from '@guildhall/kernel';

/** What automod sees of a new message: from a MessagePosted event live, from message_history in a backtest. */
export type MessageObservation = Readonly<{
  kind: 'message';
  messageId: string;
  channelId: string;
  authorId: string;
  authorName: string;
  authorBot: boolean;
  /** The author's roles as last known (exemptions); empty when unknown. */
  authorRoleIds: readonly string[];
  content: string | null;
  createdAt: string;
  mentionedUserIds: readonly string[];
  mentionedRoleIds: readonly string[];
  mentionsEveryone: boolean;
}>;

/** A member joining: from MemberJoined live, from the member history in a backtest. */
export type JoinObservation = Readonly<{
  kind: 'join';
  userId: string;
  userName: string;
  joinedAt: string;
  roleIds: readonly string[];
}>;

export type Observation = MessageObservation | JoinObservation;

export const observedAt = (o: Observation): string => (o.kind === 'message' ? o.createdAt : o.joinedAt);

/** When a Discord account was made: the timestamp in its snowflake id. */
export const accountCreatedMs = (userId: string): number => snowflakeMs(userId);
