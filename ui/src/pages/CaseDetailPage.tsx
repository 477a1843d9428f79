import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { useCase, useTimeline } from '../api/queries.js';
import type { CaseState, Me, TimelineEntry } from '../api/types.js';
import { Badge, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { CommandOutcome } from '../components/CommandOutcome.js';
import { useCommand } from '../components/useCommand.js';
import { replayStates, sameJson } from '../replay.js';
import { Link } from '../router.js';
import { VerificationBadge } from '../components/VerificationBadge.js';

type Guild = Me['guilds'][number];

/** One line per event, in words. */
const describe = (e: TimelineEntry): string => {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'CaseOpened':
      return `Case opened: ${String(p.action)}${p.reason ? ` — “${String(p.reason)}”` : ''}`;
    case 'DiscordActionRequested':
      return `Asked Discord to ${String(p.action)} (${String(p.purpose)})`;
    case 'DiscordActionSucceeded':
      return 'Discord did it';
    case 'DiscordActionFailed':
      return `Discord refused: ${String(p.reason)}`;
    case 'ExpiryScheduled':
      return `Expiry scheduled for ${new Date(String(p.dueAt)).toLocaleString()}`;
    case 'ExpiryCancelled':
      return 'Expiry cancelled';
    case 'CaseExpired':
      return 'Expired';
    case 'CaseLifted':
      return `Lifted${p.byCaseNumber ? ` by case #${String(p.byCaseNumber)}` : ''}`;
    case 'CaseReasonAmended':
      return `Reason changed to “${String(p.reason)}”`;
    case 'CaseNoteAdded':
      return `Note: ${String(p.text)}`;
    case 'CaseEvidenceAdded':
      return `Evidence: ${String(p.url)}`;
    case 'CaseHidden':
      return `Hidden: ${String(p.reason)}`;
    case 'CaseRestored':
      return `Restored: ${String(p.reason)}`;
    case 'AuditLogEntryLinked':
      return `Linked to Discord audit-log entry ${String(p.auditLogEntryId)}`;
    default:
      return e.type;
  }
};

const StateView = ({ state, guildId }: { state: CaseState; guildId: string }) => {
  if (state.status === 'none') return <p className="muted">No case yet.</p>;
  return (
    <dl className="facts">
      <dt>Action</dt>
      <dd>
        <Badge kind={state.action}>{state.action}</Badge> {state.origin === 'discord' ? <span className="muted small">done in Discord</span> : null}
      </dd>
      <dt>Member</dt>
      <dd>
        <UserLink guildId={guildId} user={state.target} />
      </dd>
      <dt>Moderator</dt>
      <dd>
        {state.moderator.name} <span className="muted small">{state.moderator.kind}</span>
      </dd>
      <dt>Reason</dt>
      <dd>{state.reason ?? <span className="muted">none</span>}</dd>
      <dt>In Discord</dt>
      <dd>
        <Badge kind={`outcome-${state.outcome}`}>{state.outcome}</Badge>
        {state.discordActions
          .filter((a) => a.failure)
          .map((a) => (
            <span key={a.actionId} className="error small"> {a.failure?.reason}</span>
          ))}
      </dd>
      {state.durationSeconds ? (
        <>
          <dt>Duration</dt>
          <dd>
            {Math.round(state.durationSeconds / 60)} min{state.expiresAt ? <> · until <Time at={state.expiresAt} /></> : null}
          </dd>
        </>
      ) : null}
      {state.expiry ? (
        <>
          <dt>Expiry</dt>
          <dd>{state.expiry.status}</dd>
        </>
      ) : null}
      {state.ended ? (
        <>
          <dt>Ended</dt>
          <dd>
            {state.ended.how} <Time at={state.ended.at} />
          </dd>
        </>
      ) : null}
      <dt>Notes</dt>
      <dd>{state.notes.length ? state.notes.map((n) => <div key={n.noteId}>“{n.text}” — {n.author.name}</div>) : <span className="muted">none</span>}</dd>
      <dt>Evidence</dt>
      <dd>
        {state.evidence.length ? (
          state.evidence.map((ev) => (
            <div key={ev.evidenceId}>
              <a href={ev.url} target="_blank" rel="noreferrer noopener">
                {ev.description ?? ev.url}
              </a>
            </div>
          ))
        ) : (
          <span className="muted">none</span>
        )}
      </dd>
      {state.hidden ? (
        <>
          <dt>Hidden</dt>
          <dd>
            {state.hidden.reason} — {state.hidden.by.name}
          </dd>
        </>
      ) : null}
    </dl>
  );
};

/** Step through the case's history: the state after each event, replayed in the browser. */
const Replay = ({ guildId, caseNumber, entries }: { guildId: string; caseNumber: number; entries: TimelineEntry[] }) => {
  const states = useMemo(() => replayStates(guildId, caseNumber, entries), [guildId, caseNumber, entries]);
  const [picked, setPicked] = useState<number | null>(null);
  const step = Math.min(picked ?? entries.length - 1, entries.length - 1);
  const entry = entries[step];
  const state = states[step];
  if (!entry || !state) return null;
  const matches = sameJson(state, entry.state);
  return (
    <div className="replay">
      <h2>Replay</h2>
      <label className="slider">
        <span>
          after event {step + 1} of {entries.length}
        </span>
        <input type="range" min={0} max={entries.length - 1} value={step} onChange={(e) => setPicked(Number(e.target.value))} aria-label="replay step" />
      </label>
      <p>
        <b>{describe(entry)}</b> — {entry.actor.name} <span className="muted small">({entry.source})</span> <Time at={entry.occurredAt} />
      </p>
      <p className="small">
        {matches ? (
          <Badge kind="ok">replayed in your browser = read model</Badge>
        ) : (
          <Badge kind="bad">browser replay differs from the read model</Badge>
        )}
      </p>
      <StateView state={state} guildId={guildId} />
      <details>
        <summary>state as JSON</summary>
        <pre>{JSON.stringify(state, null, 2)}</pre>
      </details>
    </div>
  );
};

const Annotate = ({ guild, caseNumber, hidden }: { guild: Guild; caseNumber: number; hidden: boolean }) => {
  const cmd = useCommand(guild.id, 'moderation');
  const [kind, setKind] = useState<'AddCaseNote' | 'AmendCaseReason' | 'AddCaseEvidence' | 'HideCase' | 'RestoreCase'>('AddCaseNote');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const canHide = guild.owner || guild.permissions.includes('MANAGE_GUILD') || guild.permissions.includes('ADMINISTRATOR');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload =
      kind === 'AddCaseNote'
        ? { caseNumber, text }
        : kind === 'AddCaseEvidence'
          ? { caseNumber, url, description: text || null }
          : { caseNumber, reason: text };
    const r = await cmd.send(kind, payload);
    if (r?.status === 'accepted') {
      setText('');
      setUrl('');
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)}>
      <h2>Annotate</h2>
      <label>
        What
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="AddCaseNote">add a note</option>
          <option value="AmendCaseReason">change the reason</option>
          <option value="AddCaseEvidence">add evidence</option>
          {canHide ? <option value={hidden ? 'RestoreCase' : 'HideCase'}>{hidden ? 'restore the case' : 'hide the case'}</option> : null}
        </select>
      </label>
      {kind === 'AddCaseEvidence' ? (
        <label>
          URL
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
        </label>
      ) : null}
      <label>
        {kind === 'AddCaseNote' ? 'Note' : kind === 'AddCaseEvidence' ? 'Description' : 'Reason'}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} />
      </label>
      <button type="submit" disabled={cmd.state.phase === 'sending'}>
        Save
      </button>
      <CommandOutcome state={cmd.state} accepted="Saved; the timeline updates in a moment." />
    </form>
  );
};

export const CaseDetailPage = ({ guild, caseNumber }: { guild: Guild; caseNumber: number }) => {
  const c = useCase(guild.id, caseNumber);
  const t = useTimeline(guild.id, caseNumber);
  if (c.isPending) return <Loading />;
  if (c.error instanceof ApiError && c.error.status === 404) {
    return <p className="muted">Case #{caseNumber} is not in the read model (yet). If it was just opened, this page shows it in a moment.</p>;
  }
  if (c.error) return <ErrorNote error={c.error} />;
  const detail = c.data;
  const entries = t.data?.entries ?? [];
  return (
    <section>
      <p>
        <Link to={`/g/${guild.id}/cases`}>← cases</Link>
      </p>
      <h1>
        Case #{detail.caseNumber} <Badge kind={detail.type}>{detail.type}</Badge> <Badge kind={`status-${detail.status}`}>{detail.status}</Badge>
        {detail.hidden ? <Badge kind="bad">hidden</Badge> : null}
      </h1>
      <VerificationBadge guildId={guild.id} caseNumber={detail.caseNumber} />
      <p className="muted">
        opened <Time at={detail.openedAt} /> · updated <Time at={detail.updatedAt} />
      </p>
      <div className="columns">
        <div>
          <StateView state={detail.state} guildId={guild.id} />
          <Annotate guild={guild} caseNumber={caseNumber} hidden={detail.hidden} />
        </div>
        <div>
          <h2>Timeline</h2>
          <ErrorNote error={t.error} />
          <ol className="timeline">
            {entries.map((e) => (
              <li key={e.eventId}>
                <span className="event-type">{describe(e)}</span>
                <span className="muted small">
                  {e.actor.name} · {e.source} · <Time at={e.occurredAt} />
                </span>
              </li>
            ))}
          </ol>
          {entries.length ? <Replay guildId={guild.id} caseNumber={caseNumber} entries={entries} /> : null}
        </div>
      </div>
    </section>
  );
};
