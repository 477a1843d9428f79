import { bulkActionStreamId, MAX_BULK_TARGETS } from '@guildhall/moderation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CommandResponse } from '../api/client.js';
import { useAuditLog } from '../api/queries.js';
import type { AuditLogEntry } from '../api/types.js';
import { announce } from './announce.js';
import { Badge, ErrorNote, UserLink } from './bits.js';
import { CommandOutcome } from './CommandOutcome.js';
import { FormButtons } from './FormButtons.js';
import { useCommand } from './useCommand.js';
import { Link } from '../router.js';

export type BulkTarget = { id: string; name: string | null };
export type BulkKind = 'ban' | 'kick' | 'timeout';
const LABEL: Record<BulkKind, string> = { ban: 'Ban', kick: 'Kick', timeout: 'Time out' };

export type MemberOutcome = { target: BulkTarget; status: 'pending' | 'applied' | 'failed'; caseNumber: number | null; reason: string | null };

/** Each member's outcome of a bulk request, from the events of its stream (pending until one arrives). */
export const bulkOutcomes = (targets: readonly BulkTarget[], events: readonly AuditLogEntry[]): { members: MemberOutcome[]; completed: boolean } => {
  const byId = new Map<string, MemberOutcome>(targets.map((t) => [t.id, { target: t, status: 'pending', caseNumber: null, reason: null }]));
  let completed = false;
  for (const e of events) {
    const p = (e.payload ?? {}) as { target?: { id?: string }; caseNumber?: number | null; reason?: string; code?: string | null };
    if (e.type === 'BulkActionCompleted') completed = true;
    const id = p.target?.id;
    const m = id ? byId.get(id) : undefined;
    if (!m) continue;
    if (e.type === 'BulkMemberSucceeded') byId.set(m.target.id, { ...m, status: 'applied', caseNumber: p.caseNumber ?? null });
    if (e.type === 'BulkMemberFailed') byId.set(m.target.id, { ...m, status: 'failed', caseNumber: p.caseNumber ?? null, reason: `${p.code ? `${p.code}: ` : ''}${p.reason ?? 'failed'}` });
  }
  return { members: [...byId.values()], completed };
};

/** The live outcome list: the bulk stream's events, refetched on every audit-log change. */
const BulkProgress = ({ guildId, bulkId, targets, kind }: { guildId: string; bulkId: string; targets: readonly BulkTarget[]; kind: BulkKind }) => {
  const q = useAuditLog(guildId, new URLSearchParams({ streamId: bulkActionStreamId(guildId, bulkId), order: 'asc', limit: '200' }));
  const events = q.data?.pages.flatMap((p) => p.items) ?? [];
  const { members, completed } = bulkOutcomes(targets, events);
  const done = members.filter((m) => m.status !== 'pending').length;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const said = useRef(new Set<string>());
  useEffect(() => {
    for (const m of members) {
      if (m.status === 'pending' || said.current.has(m.target.id)) continue;
      said.current.add(m.target.id);
      announce(`${m.target.name ?? m.target.id}: ${m.status === 'applied' ? `done, case ${m.caseNumber}` : `failed, ${m.reason}`}`);
    }
    if (completed && !said.current.has('*')) {
      said.current.add('*');
      announce(`Bulk ${kind} finished: ${members.filter((m) => m.status === 'applied').length} done, ${members.filter((m) => m.status === 'failed').length} failed.`);
    }
  }, [members, completed, kind]);
  return (
    <div className="card" data-testid="bulk-progress">
      <h2 ref={heading} tabIndex={-1}>
        Bulk {LABEL[kind].toLowerCase()}: {done} of {targets.length} {completed ? 'finished' : 'so far'}
      </h2>
      <ErrorNote error={q.error} />
      <ul className="outcomes">
        {members.map((m) => (
          <li key={m.target.id} data-member={m.target.id}>
            <UserLink guildId={guildId} user={m.target} />
            <Badge kind={m.status}>{m.status === 'applied' ? 'done' : m.status}</Badge>
            {m.caseNumber ? <Link to={`/g/${guildId}/cases/${m.caseNumber}`}>case #{m.caseNumber}</Link> : null}
            {m.reason ? <span className="error small">{m.reason}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
};

/**
 * Select many → ban / kick / time out, after a confirmation that names every member; then each
 * member's outcome as it arrives. The confirmation is a modal <dialog>: focus goes into it, Escape
 * cancels, and focus returns to the button that opened it.
 */
export const BulkAction = ({ guildId, targets, allowed, onDone }: { guildId: string; targets: readonly BulkTarget[]; allowed: readonly BulkKind[]; onDone: () => void }) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<BulkKind>(allowed[0] ?? 'timeout');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [sent, setSent] = useState<{ bulkId: string; targets: BulkTarget[]; kind: BulkKind } | null>(null);
  const cmd = useCommand(guildId, 'moderation');
  const open = (k: BulkKind) => {
    setKind(k);
    cmd.reset();
    dialog.current?.showModal();
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    const list = targets.slice(0, MAX_BULK_TARGETS).map((t) => ({ id: t.id, name: t.name }));
    const payload = { action: kind, targets: list, reason: reason.trim() || null, ...(kind === 'timeout' ? { durationSeconds: Math.round(Number(minutes) * 60) } : {}) };
    const r: CommandResponse | undefined = await cmd.send('RequestBulkAction', payload);
    if (r && (r.status === 'accepted' || r.status === 'pending')) {
      dialog.current?.close();
      setSent({ bulkId: r.commandId, targets: list, kind });
      setReason('');
      onDone();
    }
  };
  return (
    <>
      {targets.length ? (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>
            <b>{targets.length}</b> member{targets.length === 1 ? '' : 's'} selected
          </span>
          {allowed.map((k) => (
            <button key={k} type="button" data-kind={k} onClick={() => open(k)}>
              {LABEL[k]}…
            </button>
          ))}
          <button type="button" className="link" onClick={onDone}>
            Clear selection
          </button>
        </div>
      ) : null}
      <dialog ref={dialog} aria-labelledby="bulk-title">
        <form className="form" onSubmit={(e) => void confirm(e)}>
          <h2 id="bulk-title">
            {LABEL[kind]} {targets.length} member{targets.length === 1 ? '' : 's'}?
          </h2>
          <ul className="plain small">
            {targets.map((t) => (
              <li key={t.id}>
                {t.name ?? t.id} <span className="muted">{t.id}</span>
              </li>
            ))}
          </ul>
          {targets.length > MAX_BULK_TARGETS ? <p className="error">Only the first {MAX_BULK_TARGETS} are sent (Discord&apos;s limit).</p> : null}
          <label>
            Reason <span className="muted small">(goes to Discord&apos;s audit log)</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={512} />
          </label>
          {kind === 'timeout' ? (
            <label>
              Minutes
              <input type="number" min={1} max={40320} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            </label>
          ) : null}
          <CommandOutcome state={cmd.state} guildId={guildId} />
          <FormButtons submit={`Yes, ${LABEL[kind].toLowerCase()} ${targets.length}`} busy={cmd.state.phase === 'sending'} onCancel={() => dialog.current?.close()} />
        </form>
      </dialog>
      {sent ? <BulkProgress key={sent.bulkId} guildId={guildId} bulkId={sent.bulkId} targets={sent.targets} kind={sent.kind} /> : null}
    </>
  );
};
