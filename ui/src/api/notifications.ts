import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryCounts, DeliveryView, Page } from '@guildhall/projections';
import { apiGet, apiSend } from './client.js';

export type { DeliveryView };

export type EmailPreference = { email: string | null; pendingEmail: string | null; enabled: boolean };
type PreferenceAnswer = { status: 'accepted' | 'pending'; preference: EmailPreference };
export type DeliveryFilter = 'all' | 'failing' | 'queued' | 'retrying' | 'sent' | 'given-up';
export type Deliveries = { counts: DeliveryCounts; deliveries: Page<DeliveryView> };

/** Query keys start with the read model they come from, so `rm.<guild>.notification_deliveries` notices refresh them. */
export const notificationKeys = {
  emailPreference: () => ['email_preference'] as const,
  deliveries: (g: string, status: DeliveryFilter) => ['notification_deliveries', g, status] as const,
};

const PREF = '/api/me/notifications/email';

export const useEmailPreference = () => useQuery({ queryKey: notificationKeys.emailPreference(), queryFn: () => apiGet<EmailPreference>(PREF) });

/** The preference mutations answer with the new preference: put it in the cache at once. */
const usePreferenceMutation = <V,>(send: (v: V) => Promise<PreferenceAnswer>) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: (a) => client.setQueryData(notificationKeys.emailPreference(), a.preference) });
};

export const useSetEmailAddress = () => usePreferenceMutation((email: string) => apiSend<PreferenceAnswer>('PUT', PREF, { email }));
export const useSetEmailNotifications = () => usePreferenceMutation((enabled: boolean) => apiSend<PreferenceAnswer>('PUT', `${PREF}/enabled`, { enabled }));
export const useRemoveEmailAddress = () => usePreferenceMutation(() => apiSend<PreferenceAnswer>('DELETE', PREF));

/** A link from an email (confirm an address, unsubscribe): works without a session. */
export const useEmailLink = (kind: 'confirm' | 'unsubscribe') =>
  useMutation({ mutationFn: (token: string) => apiSend<{ status: 'confirmed' | 'unsubscribed' }>('POST', `/api/notifications/email/${kind}`, { token }) });

export const useNotificationDeliveries = (g: string, status: DeliveryFilter) =>
  useQuery({ queryKey: notificationKeys.deliveries(g, status), queryFn: () => apiGet<Deliveries>(`/api/guilds/${g}/notifications?${new URLSearchParams({ status, limit: '100' })}`) });
