import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, type RequestOutcome } from './client.js';
import type {
  ActivityItem,
  AuditLogEntry,
  CaseDetail,
  CaseRow,
  Channel,
  ChannelMessages,
  HeatCell,
  Me,
  MemberGrowthPoint,
  MemberListRow,
  MemberProfile,
  MessageActivityPoint,
  ModerationActionsPoint,
  ModeratorStats,
  OverviewResponse,
  Page,
  Series,
  TimelineResponse,
} from './types.js';

/**
 * Query keys start with the read model they come from, so a live `rm` notification for a model
 * invalidates exactly the queries built on it (see live/useLiveUpdates).
 */
export const keys = {
  me: ['me'] as const,
  overview: (g: string) => ['guild_overview', g] as const,
  cases: (g: string, filter: string) => ['cases', g, 'list', filter] as const,
  case: (g: string, n: number) => ['cases', g, 'detail', n] as const,
  timeline: (g: string, n: number) => ['case_timeline', g, n] as const,
  member: (g: string, u: string) => ['member_profiles', g, u] as const,
  members: (g: string, filter: string) => ['member_profiles', g, 'list', filter] as const,
  activity: (g: string, filter: string) => ['activity_feed', g, filter] as const,
  audit: (g: string, filter: string) => ['audit_log', g, filter] as const,
  requestOutcome: (g: string, id: string) => ['request_outcome', g, id] as const,
  channels: (g: string) => ['channels', g] as const,
  analytics: (g: string, what: string, range = '') => ['analytics', g, what, range] as const,
};

/** Who is signed in. A 401 is the answer (signed out), never retried; a 503 (the database busy a moment) is asked again before the app says it could not load the session. */
export const useMe = () =>
  useQuery({ queryKey: keys.me, queryFn: () => apiGet<Me>('/api/me'), retry: (count, error) => error instanceof ApiError && error.status === 503 && count < 3, staleTime: 60_000 });

export const useOverview = (g: string) => useQuery({ queryKey: keys.overview(g), queryFn: () => apiGet<OverviewResponse>(`/api/guilds/${g}/overview`) });

const pageQuery = <T,>(base: string, filter: URLSearchParams) => (cursor: string | null) => {
  const q = new URLSearchParams(filter);
  if (cursor) q.set('cursor', cursor);
  return apiGet<Page<T>>(`${base}?${q}`);
};

/** Keyset pages: "load more" fetches the page after the last cursor. */
const usePages = <T,>(key: readonly unknown[], base: string, filter: URLSearchParams) =>
  useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => pageQuery<T>(base, filter)(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useCases = (g: string, filter: URLSearchParams) => usePages<CaseRow>(keys.cases(g, filter.toString()), `/api/guilds/${g}/cases`, filter);
export const useActivity = (g: string, filter: URLSearchParams) =>
  usePages<ActivityItem>(keys.activity(g, filter.toString()), `/api/guilds/${g}/activity`, filter);
export const useAuditLog = (g: string, filter: URLSearchParams) =>
  usePages<AuditLogEntry>(keys.audit(g, filter.toString()), `/api/guilds/${g}/audit-log`, filter);

export const useMembers = (g: string, filter: URLSearchParams) => usePages<MemberListRow>(keys.members(g, filter.toString()), `/api/guilds/${g}/members`, filter);

export const useCase = (g: string, n: number) => useQuery({ queryKey: keys.case(g, n), queryFn: () => apiGet<CaseDetail>(`/api/guilds/${g}/cases/${n}`), retry: false });
export const useTimeline = (g: string, n: number) =>
  useQuery({ queryKey: keys.timeline(g, n), queryFn: () => apiGet<TimelineResponse>(`/api/guilds/${g}/cases/${n}/timeline`) });
export const useMember = (g: string, u: string) => useQuery({ queryKey: keys.member(g, u), queryFn: () => apiGet<MemberProfile>(`/api/guilds/${g}/members/${u}`) });
export const useChannels = (g: string) =>
  useQuery({ queryKey: keys.channels(g), queryFn: () => apiGet<{ channels: Channel[] }>(`/api/guilds/${g}/channels`), staleTime: 60_000 });

/**
 * A request's outcome when the command's own answer did not have it yet: one request the server
 * holds open until Discord answers (pushed there, not polled), asked again only if it times out.
 */
export const useRequestOutcome = (g: string, requestId: string | null, userId: string) =>
  useQuery({
    queryKey: keys.requestOutcome(g, requestId ?? ''),
    enabled: requestId !== null,
    queryFn: () => apiGet<{ requestId: string; outcome: RequestOutcome }>(`/api/guilds/${g}/requests/${requestId}/outcome?userId=${encodeURIComponent(userId)}&waitMs=20000`),
    refetchInterval: (q) => (q.state.data?.outcome.status === 'pending' ? 1 : false),
    staleTime: Infinity,
  });

/** The analytics read model's series (refetched when `analytics` changes, see live/useLiveUpdates). */
export const useMemberGrowth = (g: string, range: string) =>
  useQuery({ queryKey: keys.analytics(g, 'members', range), queryFn: () => apiGet<Series<MemberGrowthPoint>>(`/api/guilds/${g}/analytics/members?range=${range}`) });
export const useMessageActivity = (g: string, range: string) =>
  useQuery({ queryKey: keys.analytics(g, 'messages', range), queryFn: () => apiGet<Series<MessageActivityPoint> & { channels: ChannelMessages[] }>(`/api/guilds/${g}/analytics/messages?range=${range}`) });
export const useModerationActions = (g: string, range: string) =>
  useQuery({ queryKey: keys.analytics(g, 'moderation', range), queryFn: () => apiGet<Series<ModerationActionsPoint>>(`/api/guilds/${g}/analytics/moderation?range=${range}`) });
export const useModeratorStats = (g: string) =>
  useQuery({ queryKey: keys.analytics(g, 'moderators'), queryFn: () => apiGet<{ moderators: ModeratorStats[] }>(`/api/guilds/${g}/analytics/moderators`) });
export const useHeatmap = (g: string) => useQuery({ queryKey: keys.analytics(g, 'heatmap'), queryFn: () => apiGet<{ cells: HeatCell[] }>(`/api/guilds/${g}/analytics/heatmap`) });
