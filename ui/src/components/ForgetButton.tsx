import { useState } from 'react';
import { useForgetMe, useForgetMember } from '../api/privacy.js';
import { ErrorNote } from './bits.js';

type Props = Readonly<{ guildId: string; who: 'me' }> | Readonly<{ guildId: string; who: 'member'; userId: string }>;

const TEXT = {
  me: {
    open: 'Forget me…',
    confirm: 'Yes, forget me',
    warning: 'This erases your names and the content of your messages in this server, for good. Cases about you stay, with those details erased.',
    done: 'Done: your names and messages in this server are being erased. Your cases stay on record, without them.',
  },
  member: {
    open: 'Forget this member (on their request)…',
    confirm: 'Yes, forget them',
    warning: "This erases the member's names and the content of their messages, for good, and records that you did. Their cases stay, with those details erased.",
    done: "Done: the member's names and messages are being erased; the erasure is on the record under your name.",
  },
} as const;

/**
 * "Forget me" (the member's own record page: `who="me"`), or an admin forgetting a member on
 * their request (`who="member"`): a two-step button (nothing happens on the first press), then
 * the API's answer. Erasure destroys the member's keys: their names and messages read
 * "[erased]" everywhere; their cases stay, with those fields erased.
 */
export const ForgetButton = (props: Props) => {
  const me = useForgetMe(props.guildId);
  const member = useForgetMember(props.guildId);
  const forget = props.who === 'me' ? me : member;
  const run = () => (props.who === 'me' ? me.mutate() : member.mutate(props.userId));
  const text = TEXT[props.who];
  const [confirming, setConfirming] = useState(false);
  const warningId = `forget-warning-${props.who}`;
  if (forget.isSuccess) return <p role="status">{text.done}</p>;
  return (
    <div className="forget">
      {confirming ? (
        <>
          <p id={warningId}>{text.warning}</p>
          <div className="row">
            <button type="button" className="danger" aria-describedby={warningId} disabled={forget.isPending} onClick={run}>
              {text.confirm}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={forget.isPending}>Cancel</button>
          </div>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>{text.open}</button>
      )}
      {forget.error ? <ErrorNote error={forget.error} /> : null}
    </div>
  );
};
