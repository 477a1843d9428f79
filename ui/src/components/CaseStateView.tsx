import type { ReactNode } from 'react';
import type { CaseState, TimelineEntry } from '../api/types.js';
import { Badge, Time, UserLink } from './bits.js';

/** "#n" of an appeal id `<guildId>-<caseNumber>-<n>`: the n-th appeal of its case. */
export const appealLabel = (appealId: string): string => `appeal #${appealId.split('-').at(-1) ?? appealId}`;
const capital = (s: string): string => `${s.slice(0, 1).toUpperCase()}${s.slice(1)}`;

/** The approver's name on a four-eyes decision's payload ("[erased]" once they were forgotten), if any. */
const approverOf = (p: Record<string, unknown>): string | null => {
  const approval = p.approval as { approvedBy?: { name?: unknown } } | null | undefined;
  return typeof approval?.approvedBy?.name === 'string' ? approval.approvedBy.name : null;
};

/**
 * One line per step, in words: the case's events and its appeals'. `caseNumber` is the case whose
 * timeline it is: an appeal step of another case (the appeal that opened this one) says whose.
 */
export const describeEvent = (e: TimelineEntry, caseNumber?: number): string => {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  if (e.stream === 'appeal') {
    const which = `${appealLabel(e.appealId)}${caseNumber !== undefined && e.appealCaseNumber !== caseNumber ? ` of case #${e.appealCaseNumber}` : ''}`;
    const approver = approverOf(p);
    switch (e.type) {
      case 'AppealSubmitted':
        return `The member submitted ${which}`;
      case 'AppealAssigned':
        return `${capital(which)} under review by ${String(p.reviewerName)}`;
      case 'AppealReminderDue':
        return `${capital(which)} waited past the review limit`;
      case 'AppealDecided':
        return `${capital(which)} ${String(p.decision)}${approver !== null ? ` (four-eyes: approved by ${approver})` : ''}: “${String(p.reason)}”${p.decision === 'approved' && p.lifts ? ` — lifting the ${String(p.lifts)}` : ''}`;
      case 'AppealWithdrawn':
        return `The member withdrew ${which}`;
      default:
        return String((e as { type: unknown }).type);
    }
  }
  const byAppeal = e.liftedByAppeal ? ` — lifted by ${appealLabel(e.liftedByAppeal.appealId)}${e.liftedByAppeal.caseNumber !== (p.caseNumber as number | undefined) ? ` of case #${e.liftedByAppeal.caseNumber}` : ''}` : '';
  switch (e.type) {
    case 'CaseOpened':
      return `Case opened: ${String(p.action)}${p.reason ? ` — “${String(p.reason)}”` : ''}${byAppeal}`;
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
      return `Lifted${p.byCaseNumber ? ` by case #${String(p.byCaseNumber)}` : ''}${byAppeal}`;
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
      return String((e as { type: unknown }).type);
  }
};

/** A fact row, highlighted when the replay step changed it. */
const Fact = ({ label, keys, changed, children }: { label: string; keys: readonly (keyof CaseState | string)[]; changed: ReadonlySet<string> | undefined; children: ReactNode }) => {
  const on = changed !== undefined && keys.some((k) => changed.has(String(k)));
  return (
    <>
      <dt className={on ? 'changed' : undefined}>
        {label}
        {on ? <span className="sr-only"> (changed in this step)</span> : null}
      </dt>
      <dd className={on ? 'changed' : undefined}>{children}</dd>
    </>
  );
};

export const StateView = ({ state, guildId, changed }: { state: CaseState; guildId: string; changed?: ReadonlySet<string> }) => {
  if (state.status === 'none') return <p className="muted">No case yet.</p>;
  return (
    <dl className="facts">
      <Fact label="Action" keys={['action', 'origin']} changed={changed}>
        <Badge kind={state.action}>{state.action}</Badge> {state.origin === 'discord' ? <span className="muted small">done in Discord</span> : null}
      </Fact>
      <Fact label="Member" keys={['target']} changed={changed}>
        <UserLink guildId={guildId} user={state.target} />
      </Fact>
      <Fact label="Moderator" keys={['moderator']} changed={changed}>
        {state.moderator.name} <span className="muted small">{state.moderator.kind}</span>
      </Fact>
      <Fact label="Reason" keys={['reason']} changed={changed}>
        {state.reason ?? <span className="muted">none</span>}
      </Fact>
      <Fact label="In Discord" keys={['outcome', 'discordActions']} changed={changed}>
        <Badge kind={`outcome-${state.outcome}`}>{state.outcome}</Badge>
        {state.discordActions
          .filter((a) => a.failure)
          .map((a) => (
            <span key={a.actionId} className="error small"> {a.failure?.reason}</span>
          ))}
      </Fact>
      {state.durationSeconds ? (
        <Fact label="Duration" keys={['durationSeconds', 'expiresAt']} changed={changed}>
          {Math.round(state.durationSeconds / 60)} min{state.expiresAt ? <> · until <Time at={state.expiresAt} /></> : null}
        </Fact>
      ) : null}
      {state.expiry ? (
        <Fact label="Expiry" keys={['expiry']} changed={changed}>
          {state.expiry.status}
        </Fact>
      ) : null}
      {state.ended ? (
        <Fact label="Ended" keys={['ended']} changed={changed}>
          {state.ended.how} <Time at={state.ended.at} />
        </Fact>
      ) : null}
      <Fact label="Notes" keys={['notes']} changed={changed}>
        {state.notes.length ? state.notes.map((n) => <div key={n.noteId}>“{n.text}” — {n.author.name}</div>) : <span className="muted">none</span>}
      </Fact>
      <Fact label="Evidence" keys={['evidence']} changed={changed}>
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
      </Fact>
      {state.hidden ? (
        <Fact label="Hidden" keys={['hidden']} changed={changed}>
          {state.hidden.reason} — {state.hidden.by.name}
        </Fact>
      ) : null}
    </dl>
  );
};

