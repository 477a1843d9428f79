import { useState, type FormEvent } from 'react';
import { useEmailPreference, useRemoveEmailAddress, useSetEmailAddress, useSetEmailNotifications } from '../api/notifications.js';
import { ErrorNote, Loading } from './bits.js';

/**
 * A member's email notifications: the address (confirmed by a mailed link), the opt-in, and
 * removing it. A section any page can mount (`/me/notifications`, a member's own record page).
 */
export const EmailPreferenceSection = ({ discordAnswer }: { discordAnswer?: { error: string | null; used: boolean } }) => {
  const pref = useEmailPreference();
  const setAddress = useSetEmailAddress();
  const setEnabled = useSetEmailNotifications();
  const remove = useRemoveEmailAddress();
  const [draft, setDraft] = useState('');
  if (pref.isPending) return <Loading what="your email settings" />;
  if (pref.error) return <ErrorNote error={pref.error} />;
  const p = pref.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAddress.mutate(draft, { onSuccess: () => setDraft('') });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="email-notifications-heading">
      <h2 id="email-notifications-heading">Email</h2>
      <p className="muted small">
        Guildhall emails you about your own cases (a sanction, an appeal's decision) only if you ask for it here. Every email has a link to stop them.
      </p>
      <p role="status">
        {p.email ? (
          <>
            Emails go to <b>{p.email}</b>: {p.enabled ? 'on' : 'off'}.
          </>
        ) : (
          'No confirmed address.'
        )}
        {p.pendingEmail ? (
          <>
            {' '}
            We sent a confirmation link to <b>{p.pendingEmail}</b>: open it to confirm.
          </>
        ) : null}
      </p>
      {p.email ? (
        <label className="check">
          <input type="checkbox" checked={p.enabled} disabled={setEnabled.isPending} onChange={(e) => setEnabled.mutate(e.target.checked)} />
          Email me about my cases and appeals
        </label>
      ) : null}
      {discordAnswer?.used ? <p role="status">Your Discord email address is confirmed.</p> : null}
      {discordAnswer?.error ? (
        <p className="error" role="alert">
          Discord: {discordAnswer.error}
        </p>
      ) : null}
      <ErrorNote error={setEnabled.error} />
      <label>
        {p.email ? 'Use another address' : 'Email address'}
        <input type="email" name="email" autoComplete="email" inputMode="email" required maxLength={320} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <ErrorNote error={setAddress.error} />
      <div className="actions">
        <button type="submit" disabled={setAddress.isPending || draft.trim() === ''}>
          Send confirmation link
        </button>
        {/* A full-page visit: Discord asks for the email permission, then sends the member back here. */}
        <a className="button" href="/api/me/notifications/email/discord">
          Use my Discord email
        </a>
        {p.email || p.pendingEmail ? (
          <button type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Remove my address
          </button>
        ) : null}
      </div>
      <ErrorNote error={remove.error} />
    </form>
  );
};
