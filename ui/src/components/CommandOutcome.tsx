import type { CommandState } from './useCommand.js';
import { ErrorNote } from './bits.js';

/** What became of a command: accepted, still pending, refused by a rule (with its code), or bad input. */
export const CommandOutcome = ({ state, accepted }: { state: CommandState; accepted?: string }) => {
  if (state.phase === 'idle') return null;
  if (state.phase === 'sending') return <p className="muted">Sending…</p>;
  if (state.phase === 'error') return <ErrorNote error={state.error} />;
  const r = state.response;
  if (r.status === 'accepted') return <p className="ok" role="status">{accepted ?? 'Done.'}</p>;
  if (r.status === 'pending') return <p className="muted" role="status">Sent; still being decided (it will complete; this page updates when it does).</p>;
  return (
    <p className="error" role="alert">
      <code>{r.error?.code}</code> {r.error?.field ? <b>{r.error.field}: </b> : null}
      {r.error?.reason}
    </p>
  );
};
