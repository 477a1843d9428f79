import { memberActions } from '@guildhall/moderation';
import { useState, type FormEvent } from 'react';
import type { RequestOutcome } from '../api/client.js';
import { useRequestOutcome } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { AwaitingApproval, CommandOutcome } from '../components/CommandOutcome.js';
import { MemberPicker } from '../components/MemberPicker.js';
import { useCommand } from '../components/useCommand.js';
import { Link } from '../router.js';

type Guild = Me['guilds'][number];

// The form's actions and who may use them come from moderation's catalogue (the API and the bot read it too).
const ACTIONS = memberActions;
type ActionType = (typeof ACTIONS)[number]['type'];
// The server decides by the access level (owner > admin > moderator > viewer); the form offers what it would accept.
const RANK = { viewer: 0, moderator: 1, admin: 2, owner: 3 } as const;

const DELETE_OPTIONS = [
  { seconds: 0, label: "don't delete" },
  { seconds: 3600, label: 'last hour' },
  { seconds: 86_400, label: 'last 24 hours' },
  { seconds: 604_800, label: 'last 7 days' },
];

/** What became of the accepted request: in the answer already, or waited for (the server holds the request until Discord answers). */
const RequestResult = ({ guild, commandId, userId, known }: { guild: Guild; commandId: string; userId: string; known: RequestOutcome | null }) => {
  const q = useRequestOutcome(guild.id, known === null || known.status === 'pending' ? commandId : null, userId);
  const outcome = known && known.status !== 'pending' ? known : (q.data?.outcome ?? { status: 'pending' as const });
  if (outcome.status === 'pending') return <p className="muted" role="status">Accepted; waiting for Discord…</p>;
  if (outcome.status === 'awaiting-approval') return <AwaitingApproval guildId={guild.id} />;
  if (outcome.status === 'approval-denied') return <p className="error" role="alert">A second moderator denied it{outcome.reason ? `: ${outcome.reason}` : ''}.</p>;
  if (outcome.status === 'approval-expired') return <p className="error" role="alert">No second moderator approved it in time: it expired.</p>;
  const link = <Link to={`/g/${guild.id}/cases/${outcome.caseNumber}`}>case #{outcome.caseNumber}</Link>;
  if (outcome.status === 'failed') {
    return (
      <p className="error" role="alert">
        Discord refused it ({link}): {outcome.discordErrorCode !== null ? <code>{outcome.discordErrorCode}</code> : null} {outcome.reason}
      </p>
    );
  }
  return (
    <p className="ok case-result" role="status">
      Done: {link}
    </p>
  );
};

export const ModeratePage = ({ guild, search }: { guild: Guild; search: URLSearchParams }) => {
  const allowed = ACTIONS.filter((a) => RANK[guild.level] >= RANK[a.level]);
  const [type, setType] = useState<ActionType>((search.get('action') as ActionType | null) ?? allowed[0]?.type ?? 'WarnMember');
  const [targetId, setTargetId] = useState(search.get('target') ?? '');
  const [targetName, setTargetName] = useState(search.get('name') ?? '');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [banDays, setBanDays] = useState('');
  const [deleteSeconds, setDeleteSeconds] = useState(0);
  // Opened from the Reports queue: the action answers that report, and its case resolves it.
  const reportId = search.get('report');
  const cmd = useCommand(guild.id, 'moderation');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const target = { id: targetId.trim(), name: targetName.trim() || null };
    const answers = reportId ? { reportId } : {};
    const base = type === 'AddMemberNote' ? { target, reason, ...answers } : { target, reason: reason || null, ...answers };
    const payload =
      type === 'TimeoutMember'
        ? { ...base, durationSeconds: Math.round(Number(minutes) * 60) }
        : type === 'BanMember'
          ? { ...base, durationSeconds: banDays ? Math.round(Number(banDays) * 86_400) : null, deleteMessageSeconds: deleteSeconds }
          : base;
    await cmd.send(type, payload);
  };

  const r = cmd.state.phase === 'done' ? cmd.state.response : undefined;
  return (
    <section>
      <h1>Moderate a member</h1>
      <form className="card form" onSubmit={(e) => void submit(e)}>
        {reportId ? (
          <p className="muted small" role="note">
            Acting on a <Link to={`/g/${guild.id}/reports`}>member&apos;s report</Link>: the case this opens resolves it.
          </p>
        ) : null}
        <fieldset className="actions">
          <legend>Action</legend>
          {allowed.map((a) => (
            <label key={a.type} className={`pill ${type === a.type ? 'on' : ''}`}>
              <input type="radio" name="action" value={a.type} checked={type === a.type} onChange={() => setType(a.type)} />
              {a.label}
            </label>
          ))}
        </fieldset>
        <MemberPicker
          guildId={guild.id}
          onPick={(m) => {
            setTargetId(m.id);
            setTargetName(m.name ?? '');
          }}
        />
        <label>
          Member id
          <input name="targetId" value={targetId} onChange={(e) => setTargetId(e.target.value)} placeholder="Discord user id (snowflake)" inputMode="numeric" required />
        </label>
        <label>
          Member name <span className="muted small">(optional, shown in the case)</span>
          <input name="targetName" value={targetName} onChange={(e) => setTargetName(e.target.value)} />
        </label>
        <label>
          {type === 'AddMemberNote' ? 'Note' : 'Reason'} <span className="muted small">(goes to Discord's audit log too)</span>
          <textarea name="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={512} required={type === 'AddMemberNote'} />
        </label>
        {type === 'TimeoutMember' ? (
          <label>
            Minutes <span className="muted small">(up to 28 days)</span>
            <input name="minutes" type="number" min={1} max={40320} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </label>
        ) : null}
        {type === 'BanMember' ? (
          <>
            <label>
              Days <span className="muted small">(empty: permanent)</span>
              <input name="banDays" type="number" min={1} max={366} value={banDays} onChange={(e) => setBanDays(e.target.value)} />
            </label>
            <label>
              Delete their messages from
              <select value={deleteSeconds} onChange={(e) => setDeleteSeconds(Number(e.target.value))}>
                {DELETE_OPTIONS.map((o) => (
                  <option key={o.seconds} value={o.seconds}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
        <button type="submit" className="primary" disabled={cmd.state.phase === 'sending'}>
          {ACTIONS.find((a) => a.type === type)?.label}
        </button>
        {r?.status === 'accepted' ? (
          <RequestResult guild={guild} commandId={r.commandId} userId={targetId.trim()} known={r.outcome ?? null} />
        ) : (
          <CommandOutcome state={cmd.state} guildId={guild.id} />
        )}
      </form>
    </section>
  );
};
