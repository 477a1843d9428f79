import { useEmailLink } from '../api/notifications.js';
import { ErrorNote } from '../components/bits.js';
import { Link } from '../router.js';

const WORDS = {
  confirm: { title: 'Confirm your email address', button: 'Confirm this address', done: 'Your address is confirmed: Guildhall will email you about your cases and appeals.' },
  unsubscribe: { title: 'Stop Guildhall emails', button: 'Unsubscribe', done: 'You are unsubscribed: Guildhall sends you no more emails. You can turn them on again in your notification settings.' },
} as const;

/** `/notifications/confirm` and `/notifications/unsubscribe`: the links in emails; no sign-in needed (the token is signed). */
export const EmailLinkPage = ({ kind, token }: { kind: 'confirm' | 'unsubscribe'; token: string | null }) => {
  const link = useEmailLink(kind);
  const w = WORDS[kind];
  return (
    <section className="card form">
      <h1>{w.title}</h1>
      {!token ? (
        <p className="error" role="alert">
          This link has no token: open the link from the email again.
        </p>
      ) : link.isSuccess ? (
        <p role="status">{w.done}</p>
      ) : (
        <button type="button" disabled={link.isPending} onClick={() => link.mutate(token)}>
          {w.button}
        </button>
      )}
      <ErrorNote error={link.error} />
      <p>
        <Link to="/me/notifications">Notification settings</Link> (sign in first)
      </p>
    </section>
  );
};
