import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Actor } from './access.js';
import { apiGet, apiSend } from './client.js';

export type FourEyesAct = 'ban' | 'bulk-action' | 'hide-case' | 'appeal-decision';
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'executed';
export type Approval = {
  approvalId: string;
  act: FourEyesAct;
  status: ApprovalStatus;
  summary: { text: string; targets: { id: string; name: string | null }[]; caseNumber: number | null };
  /** The context whose command waits (moderation's, or appeals' decision). */
  held: { context: 'moderation' | 'appeals'; type: string; payload: Record<string, unknown> };
  requestedBy: Actor;
  requestedAt: string;
  expiresAt: string;
  decidedBy: Actor | null;
  decidedAt: string | null;
  denialReason: string | null;
  execution: { outcome: 'accepted' | 'rejected'; code: string | null; message: string | null } | null;
};
export type FourEyesRules = { acts: FourEyesAct[]; bulkThreshold: number; expirySeconds: number; staffChannelId: string | null };
export type FourEyesSettings = FourEyesRules & {
  configured: { configuredBy: Actor; configuredAt: string } | null;
  history: (FourEyesRules & { configuredBy: Actor; configuredAt: string })[];
};

/** Keys start with the read model they come from (`approvals`), so its live `rm` refetches them. */
export const approvalKeys = {
  list: (g: string, status: string) => ['approvals', g, 'list', status] as const,
  fourEyes: (g: string) => ['four_eyes', g] as const,
};

export const useApprovals = (g: string, status: 'pending' | 'decided') =>
  useQuery({
    queryKey: approvalKeys.list(g, status),
    queryFn: () => apiGet<{ approvals: Approval[] }>(`/api/guilds/${g}/approvals?status=${status === 'pending' ? 'pending' : 'approved,denied,expired,executed'}`),
  });

/** One request as it stands (the event store's truth); null id: nothing to ask. */
export const useApproval = (g: string, approvalId: string | null) =>
  useQuery({
    queryKey: ['approvals', g, 'one', approvalId ?? ''],
    enabled: approvalId !== null,
    queryFn: () => apiGet<{ approval: Approval }>(`/api/guilds/${g}/approvals/${encodeURIComponent(approvalId ?? '')}`),
    retry: false,
  });

export const useFourEyesSettings = (g: string) => useQuery({ queryKey: approvalKeys.fourEyes(g), queryFn: () => apiGet<FourEyesSettings>(`/api/guilds/${g}/four-eyes`) });

/** Approve or deny as the second moderator; the queue refetches when the read model moves (and at once here). */
export const useDecideApproval = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: { approvalId: string; decision: 'approve' | 'deny'; reason?: string | null }) =>
      apiSend<{ approval: Approval }>('POST', `/api/guilds/${g}/approvals/${encodeURIComponent(d.approvalId)}/${d.decision}`, d.decision === 'deny' ? { reason: d.reason ?? null } : {}),
    onSettled: () => client.invalidateQueries({ queryKey: ['approvals', g] }),
  });
};

export const useSaveFourEyes = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rules: FourEyesRules) => apiSend<FourEyesSettings>('PUT', `/api/guilds/${g}/four-eyes`, rules),
    onSuccess: () => client.invalidateQueries({ queryKey: approvalKeys.fourEyes(g) }),
  });
};
