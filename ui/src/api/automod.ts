import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RuleDefinitionInput } from '@guildhall/automation';
import type { AutomodHitView, AutomodRuleHistoryEntry, AutomodRuleView, Page, StoredMessage } from '@guildhall/projections';
import { newKey } from '../components/bits.js';
import { ApiError, apiGet } from './client.js';

export type { AutomodHitView, AutomodRuleHistoryEntry, AutomodRuleView, RuleDefinitionInput };

/** Keys start with the read model, so `rm.<guild>.automod_rules` notices refresh exactly these. */
export const automodKeys = {
  rules: (g: string) => ['automod_rules', g, 'rules'] as const,
  history: (g: string, ruleId: string) => ['automod_rules', g, 'history', ruleId] as const,
  hits: (g: string, dryRun: boolean) => ['automod_rules', g, 'hits', dryRun] as const,
};

export type BacktestHit = Readonly<{ reason: string; at: string; message: Omit<StoredMessage, 'links' | 'editedAt' | 'deletedAt' | 'attachmentCount' | 'embedCount' | 'replyToMessageId'> | null; join: { userId: string; userName: string } | null }>;
export type BacktestResult = Readonly<{ from: string; examined: { messages: number; joins: number }; hitCount: number; hits: readonly BacktestHit[]; truncated: boolean; elapsedMs: number }>;
export type AutomodAnswer = Readonly<{ status: 'accepted' | 'pending'; commandId: string; ruleId: string }>;

const base = (g: string) => `/api/guilds/${g}/automod`;

export const useAutomodRules = (g: string) => useQuery({ queryKey: automodKeys.rules(g), queryFn: () => apiGet<{ rules: AutomodRuleView[] }>(`${base(g)}/rules`) });
export const useAutomodRuleHistory = (g: string, ruleId: string | null) =>
  useQuery({
    queryKey: automodKeys.history(g, ruleId ?? ''),
    queryFn: () => apiGet<{ rule: AutomodRuleView; history: AutomodRuleHistoryEntry[] }>(`${base(g)}/rules/${ruleId}/history`),
    enabled: ruleId !== null,
  });
export const useAutomodHits = (g: string, dryRun: boolean) =>
  useQuery({ queryKey: automodKeys.hits(g, dryRun), queryFn: () => apiGet<Page<AutomodHitView>>(`${base(g)}/hits?dryRun=${dryRun}&limit=50`) });

/** POST/PUT with the CSRF header and a fresh idempotency key; the API's error body becomes an ApiError naming the field. */
const send = async <T,>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => {
  const key = newKey();
  const res = await fetch(path, {
    method,
    headers: { 'x-guildhall-csrf': '1', 'idempotency-key': key, 'x-correlation-id': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data: unknown = await res.json().catch(() => null);
  if (res.ok) return data as T;
  const e = typeof data === 'object' && data !== null && 'error' in data ? (data.error as { code?: string; reason?: string; field?: string }) : {};
  throw new ApiError(res.status, { code: e.code ?? `HTTP_${res.status}`, reason: e.reason ?? `the server answered ${res.status}`, ...(e.field ? { field: e.field } : {}) });
};

const useRuleMutation = <V,>(g: string, fn: (v: V) => Promise<AutomodAnswer>) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => client.invalidateQueries({ queryKey: ['automod_rules', g] }) });
};

export const useCreateAutomodRule = (g: string) => useRuleMutation(g, (d: RuleDefinitionInput) => send<AutomodAnswer>('POST', `${base(g)}/rules`, d));
export const useUpdateAutomodRule = (g: string) =>
  useRuleMutation(g, (v: { ruleId: string; definition: RuleDefinitionInput; expectedRevision: number }) =>
    send<AutomodAnswer>('PUT', `${base(g)}/rules/${v.ruleId}`, { definition: v.definition, expectedRevision: v.expectedRevision }),
  );
export const useSetAutomodRuleEnabled = (g: string) =>
  useRuleMutation(g, (v: { ruleId: string; enabled: boolean }) => send<AutomodAnswer>('POST', `${base(g)}/rules/${v.ruleId}/${v.enabled ? 'enable' : 'disable'}`));
export const useBacktest = (g: string) => useMutation({ mutationFn: (v: { rule: RuleDefinitionInput; days: number }) => send<BacktestResult>('POST', `${base(g)}/backtest`, v) });
