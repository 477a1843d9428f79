// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationKeys, type Deliveries, type EmailPreference } from '../src/api/notifications.js';
import { EmailPreferenceSection } from '../src/components/EmailPreferenceSection.js';
import { DeliveriesPage } from '../src/pages/DeliveriesPage.js';
import { EmailLinkPage } from '../src/pages/EmailLinkPage.js';

const guild = { id: '1', name: 'G', icon: null, owner: false, level: 'admin' as const, permissions: [] };

const withCache = (fill: (c: QueryClient) => void, ui: ReactNode) => {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  fill(client);
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
};

afterEach(cleanup);

describe('notification pages', () => {
  it('the email section: a pending address says to open the link; opting in needs a confirmed address', () => {
    const pending: EmailPreference = { email: null, pendingEmail: 'mia@example.test', enabled: false };
    withCache((c) => c.setQueryData(notificationKeys.emailPreference(), pending), <EmailPreferenceSection />);
    expect(screen.getByRole('status').textContent).toContain('We sent a confirmation link to mia@example.test');
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.getByLabelText('Email address')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send confirmation link' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('the email section: a confirmed address shows the opt-in switch, on', () => {
    withCache((c) => c.setQueryData(notificationKeys.emailPreference(), { email: 'mia@example.test', pendingEmail: null, enabled: true }), <EmailPreferenceSection />);
    expect((screen.getByRole('checkbox', { name: 'Email me about my cases and appeals' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Remove my address' })).toBeTruthy();
  });

  it('admins see failing deliveries with the last error and the next try, and a banner while any retries', () => {
    const data: Deliveries = {
      counts: { queued: 0, retrying: 1, sent: 2, givenUp: 1 },
      deliveries: {
        items: [
          { notificationId: 'n1', kind: 'appeal-decided', channel: 'email', recipientId: '300', subject: 'Your appeal', triggerType: 'AppealDecided', status: 'retrying', attempts: 2, maxAttempts: 8, lastCode: 'SMTP_UNREACHABLE', lastReason: 'ECONNREFUSED 127.0.0.1:2525', nextAttemptAt: new Date(Date.now() + 60_000).toISOString(), queuedAt: new Date().toISOString(), settledAt: null },
        ],
        nextCursor: null,
      },
    };
    withCache((c) => c.setQueryData(notificationKeys.deliveries('1', 'all'), data), <DeliveriesPage guild={guild} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Notifications');
    expect(screen.getByRole('status').textContent).toContain('1 notification(s) could not be delivered yet');
    const row = screen.getByText('Your appeal').closest('tr')!;
    expect(row.textContent).toContain('SMTP_UNREACHABLE');
    expect(row.textContent).toContain('2 / 8');
    expect(row.textContent).toContain('Email');
  });

  it('an email link page without a token says so; with one it offers the button', () => {
    withCache(() => undefined, <EmailLinkPage kind="unsubscribe" token={null} />);
    expect(screen.getByRole('alert').textContent).toContain('no token');
    cleanup();
    withCache(() => undefined, <EmailLinkPage kind="unsubscribe" token="abc.def" />);
    expect(screen.getByRole('button', { name: 'Unsubscribe' })).toBeTruthy();
  });
});
