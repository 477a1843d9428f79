import type { CommandState } from './useCommand.js';
import { Link } from '../router.js';
import { ErrorNote } from './bits.js';

/** Four-eyes held the command: nothing happens until a second moderator approves it. */
export const AwaitingApproval = ({ guildId }: { guildId?: string | undefined }) => (
  <p className="notice" role="status">
    Waiting for a second moderator: this guild puts it behind four eyes. {guildId ? <Link to={`/g/${guildId}/approvals`}>Pending approvals</Link> : 'See Pending approvals'} shows it until someone else approves or denies it.
  </p>
);

/** What became of a command: accepted, still pending, refused by a rule (with its code), or bad input. */
export const CommandOutcome = ({ state, accepted, guildId }: { state: CommandState; accepted?: string; guildId?: string }) => {
  if (state.phase === 'idle') return null;
  if (state.phase === 'sending') return <p className="muted">Sending…</p>;
  if (state.phase === 'error') return <ErrorNote error={state.error} />;
  const r = state.response;
  if (r.status === 'accepted') return <p className="ok" role="status">{accepted ?? 'Done.'}</p>;
  if (r.status === 'awaiting-approval') return <AwaitingApproval guildId={guildId} />;
  if (r.status === 'pending') return <p className="muted" role="status">Sent; still being decided (it will complete; this page updates when it does).</p>;
  return (
    <p className="error" role="alert">
      <code>{r.error?.code}</code> {r.error?.field ? <b>{r.error.field}: </b> : null}
      {r.error?.reason}
    </p>
  );
};
