import { useState } from 'react';
import { useNotificationDeliveries, type DeliveryFilter } from '../api/notifications.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { DataTable } from '../components/DataTable.js';
import { Options } from '../components/Options.js';
import { isAdminLevel } from '../nav.js';
import { Link } from '../router.js';

type Guild = Me['guilds'][number];

const FILTERS: readonly (readonly [DeliveryFilter, string])[] = [
  ['all', 'All'],
  ['failing', 'Failing (retrying or given up)'],
  ['queued', 'Queued'],
  ['sent', 'Sent'],
];
const CHANNEL: Record<string, string> = { email: 'Email', dm: 'DM', channel: 'Staff channel' };
const STATUS_KIND: Record<string, string> = { sent: 'ok', queued: 'pending', retrying: 'pending', 'given-up': 'failed' };

/** Admins: the guild's notifications (DMs, staff posts, emails) — what was sent, what is retrying (a down SMTP server) and what was given up. */
export const DeliveriesPage = ({ guild }: { guild: Guild }) =>
  isAdminLevel(guild.level) ? (
    <Deliveries guild={guild} />
  ) : (
    <section>
      <h1>Notifications</h1>
      <p className="muted">The guild&apos;s notification deliveries are for admins. Your own notification settings are under <Link to="/me/notifications">your notifications</Link>.</p>
    </section>
  );

const Deliveries = ({ guild }: { guild: Guild }) => {
  const [status, setStatus] = useState<DeliveryFilter>('all');
  const q = useNotificationDeliveries(guild.id, status);
  const retrying = q.data?.counts.retrying ?? 0;
  return (
    <section>
      <h1>Notifications</h1>
      {q.data ? (
        <p>
          {q.data.counts.sent} sent · {q.data.counts.queued} queued · {retrying} retrying · {q.data.counts.givenUp} given up
        </p>
      ) : null}
      {retrying > 0 ? (
        <p className="banner banner-down" role="status">
          {retrying} notification(s) could not be delivered yet and will be retried (is the SMTP server or the bot down?). The last error of each is below.
        </p>
      ) : null}
      <label>
        Show
        <select value={status} onChange={(e) => setStatus(e.target.value as DeliveryFilter)}>
          <Options choices={FILTERS} />
        </select>
      </label>
      {q.isPending ? <Loading what="deliveries" /> : null}
      <ErrorNote error={q.error} />
      {q.data && q.data.deliveries.items.length === 0 ? <Empty>No notifications here.</Empty> : null}
      {q.data && q.data.deliveries.items.length > 0 ? (
        <DataTable className="table cards" columns={['Queued', 'What', 'How', 'To', 'Status', 'Attempts', 'Last error', 'Next try']}>
          {q.data.deliveries.items.map((d) => (
            <tr key={d.notificationId}>
              <td data-label="Queued">
                <Time at={d.queuedAt} />
              </td>
              <td data-label="What">{d.subject}</td>
              <td data-label="How">{CHANNEL[d.channel] ?? d.channel}</td>
              <td data-label="To">
                <code>{d.recipientId}</code>
              </td>
              <td data-label="Status">
                <Badge kind={STATUS_KIND[d.status] ?? 'pending'}>{d.status}</Badge>
              </td>
              <td data-label="Attempts">
                {d.attempts} / {d.maxAttempts}
              </td>
              <td data-label="Last error" className="reason">
                {d.lastCode ? (
                  <>
                    <code>{d.lastCode}</code> {d.lastReason}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label="Next try">
                <Time at={d.nextAttemptAt} />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
};
