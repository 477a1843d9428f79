import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.js';

export type Level = 'viewer' | 'moderator' | 'admin' | 'owner';
export type Actor = { kind: string; id: string; name: string };
export type Grant = { grantId: string; subject: { kind: 'role' | 'user'; id: string }; level: Exclude<Level, 'owner'>; expiresAt: string | null; reason: string | null; grantedBy: Actor; grantedAt: string };
export type ApiToken = { id: string; name: string; scopes: string[]; expiresAt: string | null; createdAt: string; createdBy: Actor; revokedAt: string | null; lastUsedAt: string | null };
export type SessionInfo = { sessionId: string; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; current: boolean };

export const SCOPES = ['cases:read', 'cases:write', 'members:read', 'audit:read', 'messages:write', 'music:control', 'appeals:review', 'automation:write'] as const;

/** Keys start with the read model they come from (`access`), so its live `rm` refetches them. */
export const accessKeys = {
  grants: (g: string) => ['access', g, 'grants'] as const,
  tokens: (g: string) => ['access', g, 'tokens'] as const,
  sessions: ['sessions'] as const,
};

export const useGrants = (g: string) => useQuery({ queryKey: accessKeys.grants(g), queryFn: () => apiGet<{ grants: Grant[] }>(`/api/guilds/${g}/access/grants`) });
export const useApiTokens = (g: string) => useQuery({ queryKey: accessKeys.tokens(g), queryFn: () => apiGet<{ tokens: ApiToken[] }>(`/api/guilds/${g}/api-tokens`) });
export const useSessions = () => useQuery({ queryKey: accessKeys.sessions, queryFn: () => apiGet<{ sessions: SessionInfo[] }>('/api/sessions') });

export const useGrantAccess = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { subject: Grant['subject']; level: Grant['level']; expiresAt?: string | null; reason?: string | null }) =>
      apiSend<{ grantId: string }>('POST', `/api/guilds/${g}/access/grants`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.grants(g) }),
  });
};

export const useRevokeAccess = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => apiSend<undefined>('DELETE', `/api/guilds/${g}/access/grants/${encodeURIComponent(grantId)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.grants(g) }),
  });
};

export const useCreateApiToken = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresInDays?: number }) => apiSend<{ id: string; token: string }>('POST', `/api/guilds/${g}/api-tokens`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.tokens(g) }),
  });
};

export const useRevokeApiToken = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => apiSend<undefined>('DELETE', `/api/guilds/${g}/api-tokens/${encodeURIComponent(tokenId)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.tokens(g) }),
  });
};

export const useLogOutEverywhere = () =>
  useMutation({ mutationFn: () => apiSend<{ ended: number }>('POST', '/api/sessions/logout-everywhere') });
