import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { Link } from '../router.js';

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "3 minutes ago", with the exact time on hover. */
export const Time = ({ at }: { at: string | null }) => {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  const s = Math.round((d.getTime() - Date.now()) / 1000);
  const abs = Math.abs(s);
  const text =
    abs < 60 ? rtf.format(s, 'second') : abs < 3600 ? rtf.format(Math.round(s / 60), 'minute') : abs < 86_400 ? rtf.format(Math.round(s / 3600), 'hour') : dtf.format(d);
  return (
    <time dateTime={at} title={d.toISOString()}>
      {text}
    </time>
  );
};

export const UserLink = ({ guildId, user }: { guildId: string; user: { id: string; name: string | null } | null }) =>
  user ? (
    <Link to={`/g/${guildId}/members/${user.id}`} className="user">
      {user.name ?? user.id}
    </Link>
  ) : (
    <span className="muted">—</span>
  );

export const ErrorNote = ({ error }: { error: unknown }) => {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <p className="error" role="alert">
        <code>{error.error.code}</code> {error.error.field ? <b>{error.error.field}: </b> : null}
        {error.error.reason}
      </p>
    );
  }
  return (
    <p className="error" role="alert">
      {(error as Error).message ?? String(error)}
    </p>
  );
};

export const Loading = ({ what }: { what?: string }) => (
  <p className="muted" role="status">
    Loading{what ? ` ${what}` : ''}…
  </p>
);

export const Badge = ({ kind, children }: { kind: string; children: ReactNode }) => <span className={`badge badge-${kind}`}>{children}</span>;

export const Empty = ({ children }: { children: ReactNode }) => <p className="empty">{children}</p>;

/** A fresh key per form submission: retries of the same submission reuse it, so the command is not doubled. */
export const newKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
