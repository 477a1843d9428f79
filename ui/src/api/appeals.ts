import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppealSettings } from '@guildhall/appeals';
import type { AppealView, MyCase as ProjectedMyCase } from '@guildhall/projections';
import { apiGet, apiSend, type CommandResponse } from './client.js';

export type { AppealSettings, AppealView };
/** A case of the member's own record; `guildName` as Discord listed the server at login (null once the member left it). */
export type MyCase = ProjectedMyCase & { guildName: string | null };

export type AppealFilter = { status?: AppealView['status'] | 'open' | undefined };

/**
 * Query keys start with the read model they come from (`appeals`), so an `rm.<guild>.appeals`
 * notice refreshes exactly these. The member's own record spans guilds: no guild's live stream
 * covers it, so it is its own key and refreshes on an interval and after the member's own acts.
 */
export const appealKeys = {
  all: (g: string) => ['appeals', g] as const,
  list: (g: string, f: AppealFilter) => ['appeals', g, 'list', f.status ?? 'all'] as const,
  ofCase: (g: string, caseNumber: number) => ['appeals', g, 'case', caseNumber] as const,
  settings: (g: string) => ['appeals', g, 'settings'] as const,
  myCases: ['my_cases'] as const,
};

const guildBase = (g: string) => `/api/guilds/${g}`;

export const useMyCases = () => useQuery({ queryKey: appealKeys.myCases, queryFn: () => apiGet<{ cases: MyCase[] }>('/api/me/cases'), refetchInterval: 5_000 });

export const useAppeals = (g: string, f: AppealFilter) =>
  useQuery({
    queryKey: appealKeys.list(g, f),
    queryFn: () => {
      const q = new URLSearchParams();
      if (f.status === 'open') q.set('open', 'true');
      else if (f.status) q.set('status', f.status);
      return apiGet<{ appeals: AppealView[] }>(`${guildBase(g)}/appeals?${q}`);
    },
  });

export const useCaseAppeals = (g: string, caseNumber: number) =>
  useQuery({ queryKey: appealKeys.ofCase(g, caseNumber), queryFn: () => apiGet<{ appeals: AppealView[] }>(`${guildBase(g)}/cases/${caseNumber}/appeals`) });

export const useAppealSettings = (g: string) => useQuery({ queryKey: appealKeys.settings(g), queryFn: () => apiGet<AppealSettings>(`${guildBase(g)}/appeal-settings`) });

export type SubmitAppealInput = { guildId: string; caseNumber: number; statement: string; answers: string[] };

export const useSubmitAppeal = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubmitAppealInput) => apiSend<CommandResponse & { appealId?: string | null }>('POST', '/api/me/appeals', input),
    onSettled: () => client.invalidateQueries({ queryKey: appealKeys.myCases }),
  });
};

export const useWithdrawAppeal = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (appealId: string) => apiSend<CommandResponse>('POST', `/api/me/appeals/${appealId}/withdraw`, {}),
    onSettled: () => client.invalidateQueries({ queryKey: appealKeys.myCases }),
  });
};

export const useAssignAppeal = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (appealId: string) => apiSend<CommandResponse>('POST', `${guildBase(g)}/appeals/${appealId}/assign`, {}),
    onSettled: () => client.invalidateQueries({ queryKey: appealKeys.all(g) }),
  });
};

export const useDecideAppeal = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { appealId: string; decision: 'approved' | 'denied'; reason: string }) => apiSend<CommandResponse>('POST', `${guildBase(g)}/appeals/${v.appealId}/decision`, { decision: v.decision, reason: v.reason }),
    onSettled: () => client.invalidateQueries({ queryKey: appealKeys.all(g) }),
  });
};

export const useSaveAppealSettings = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: AppealSettings) => apiSend<CommandResponse>('PUT', `${guildBase(g)}/appeal-settings`, s),
    onSettled: () => client.invalidateQueries({ queryKey: appealKeys.settings(g) }),
  });
};
