/** Response shapes of gateway/http, from the packages that produce them (types only: nothing is bundled). */
export type {
  ActivityItem,
  AuditLogEntry,
  CaseCounts,
  CaseDetail,
  CaseRow,
  GuildOverview,
  ChannelMessages,
  HeatCell,
  HistoryEntry,
  MessageActivityPoint,
  MemberGrowthPoint,
  ModerationActionsPoint,
  ModeratorStats,
  Series,
  MemberProfile,
  MemberListRow,
  Page,
  TimelineEntry,
} from '@guildhall/projections';
export type { BotStatusView } from '@guildhall/gateway-http';
export type { CaseState } from '@guildhall/moderation';

import type { BotStatusView } from '@guildhall/gateway-http';
import type { CaseCounts, GuildOverview, TimelineEntry } from '@guildhall/projections';

export type PermissionName = 'KICK_MEMBERS' | 'BAN_MEMBERS' | 'ADMINISTRATOR' | 'MANAGE_GUILD' | 'VIEW_AUDIT_LOG' | 'MANAGE_MESSAGES' | 'MODERATE_MEMBERS';

export type Me = {
  user: { id: string; name: string; avatar: string | null };
  expiresAt: string | null;
  guilds: { id: string; name: string; icon: string | null; owner: boolean; level: 'viewer' | 'moderator' | 'admin' | 'owner'; permissions: PermissionName[] }[];
};

export type OverviewResponse = { overview: GuildOverview; counts: CaseCounts; bot: BotStatusView | null };
export type TimelineResponse = { guildId: string; caseNumber: number; entries: TimelineEntry[] };
export type Channel = { id: string; name: string; type: number; parentId: string | null; position: number };
