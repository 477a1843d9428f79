import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Actor } from './access.js';
import { apiGet, apiSend } from './client.js';

export type ReportStatus = 'open' | 'resolved';
type UserRef = { id: string; name: string | null };
export type ReportResolution = { kind: 'acted'; caseNumber: number; targetId: string } | { kind: 'dismissed'; reason: string };
export type Report = {
  reportId: string;
  status: ReportStatus;
  filing: { reporter: UserRef; target: UserRef; channelId: string | null; messageId: string | null; excerpt: string | null; reason: string | null; filedAt: string };
  resolution: { resolution: ReportResolution; resolvedBy: Actor; resolvedAt: string } | null;
};
export type ReportPage = { items: Report[]; nextCursor: string | null };

/** Keys start with the read model they come from (`reports`), so its live `rm` refetches them. */
export const reportKeys = {
  all: (g: string) => ['reports', g] as const,
  list: (g: string, status: ReportStatus) => ['reports', g, 'list', status] as const,
};

/** The newest 100 reports in one status (the queue is worked from the top). */
export const useReports = (g: string, status: ReportStatus) =>
  useQuery({ queryKey: reportKeys.list(g, status), queryFn: () => apiGet<ReportPage>(`/api/guilds/${g}/reports?status=${status}&limit=100`) });

/** Dismiss with a reason (acting goes through the moderation form with the report's id). */
export const useDismissReport = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: { reportId: string; reason: string }) =>
      apiSend<{ report: Report | null }>('POST', `/api/guilds/${g}/reports/${encodeURIComponent(d.reportId)}/resolve`, { kind: 'dismissed', reason: d.reason }),
    onSettled: () => client.invalidateQueries({ queryKey: reportKeys.all(g) }),
  });
};
