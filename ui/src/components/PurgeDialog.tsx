import { BULK_DELETE_MAX_AGE_MS, messagePurgeStreamId, PURGE_MAX_COUNT, PURGE_SCAN_WINDOW } from '@guildhall/messaging';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAuditLog, useChannels } from '../api/queries.js';
import type { AuditLogEntry, Me } from '../api/types.js';
import { announce } from './announce.js';
import { Badge, ErrorNote } from './bits.js';
import { CommandOutcome } from './CommandOutcome.js';
import { MemberPicker } from './MemberPicker.js';
import { useCommand } from './useCommand.js';

type Guild = Me['guilds'][number];
type Member = { id: string; name: string | null };
const DAYS = Math.round(BULK_DELETE_MAX_AGE_MS / 86_400_000);

/** Who may purge: the API's rule (PurgeMessages needs moderator or above). */
export const canPurge = (guild: Guild): boolean => guild.level === 'moderator' || guild.level === 'admin' || guild.level === 'owner';

export type PurgeOutcome =
  | { status: 'pending' }
  | { status: 'purged'; deleted: number; skipped: number }
  | { status: 'failed'; reason: string; code: number | null };

/** A purge's outcome, from the events of its own stream (pending until Discord's answer is recorded). */
export const purgeOutcome = (events: readonly AuditLogEntry[]): PurgeOutcome => {
  for (const e of events) {
    const p = (e.payload ?? {}) as { deletedCount?: number; skippedCount?: number; reason?: string; discordErrorCode?: number | null };
    if (e.type === 'MessagesPurged') return { status: 'purged', deleted: p.deletedCount ?? 0, skipped: p.skippedCount ?? 0 };
    if (e.type === 'MessagesPurgeFailed') return { status: 'failed', reason: p.reason ?? 'failed', code: p.discordErrorCode ?? null };
  }
  return { status: 'pending' };
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const outcomeText = (o: PurgeOutcome, where: string): string => {
  if (o.status === 'pending') return `Purge of ${where} sent; waiting for Discord…`;
  if (o.status === 'failed') return `Discord did not purge ${where}: ${o.reason}${o.code ? ` (Discord error ${o.code})` : ''}.`;
  const skipped = o.skipped ? ` ${plural(o.skipped, 'message')} older than ${DAYS} days left (Discord does not bulk-delete those).` : '';
  return `Deleted ${plural(o.deleted, 'message')} in ${where}.${skipped}`;
};

type Sent = { requestId: string; where: string };

/** The outcome as it arrives: the purge's stream in the audit log, refetched on every audit-log change. */
const PurgeProgress = ({ guildId, sent }: { guildId: string; sent: Sent }) => {
  const q = useAuditLog(guildId, new URLSearchParams({ streamId: messagePurgeStreamId(guildId, sent.requestId), order: 'asc', limit: '10' }));
  const outcome = purgeOutcome(q.data?.pages.flatMap((p) => p.items) ?? []);
  const text = outcomeText(outcome, sent.where);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (outcome.status !== 'pending') announce(text);
  }, [outcome.status, text]);
  return (
    <div className="card" data-testid="purge-progress">
      <h2 ref={heading} tabIndex={-1}>
        Purge <Badge kind={outcome.status === 'purged' ? 'applied' : outcome.status}>{outcome.status === 'purged' ? 'done' : outcome.status}</Badge>
      </h2>
      <p className={outcome.status === 'failed' ? 'error' : undefined}>{text}</p>
      <ErrorNote error={q.error} />
    </div>
  );
};

/**
 * The purge form in a modal <dialog>: channel, how many, optionally one member (found with the
 * member picker), reason; then a confirmation that says exactly what goes; then the outcome live
 * under the button. Escape cancels and focus returns to the button that opened it.
 */
export const PurgeDialog = ({ guild, member: preset, label = 'Purge messages…' }: { guild: Guild; member?: Member; label?: string }) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const channels = useChannels(guild.id);
  const list = channels.data?.channels ?? [];
  const [channelId, setChannelId] = useState('');
  const [count, setCount] = useState('10');
  const [member, setMember] = useState<Member | null>(preset ?? null);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const cmd = useCommand(guild.id, 'messaging');
  const chosen = channelId || list[0]?.id || '';
  const channelName = list.find((c) => c.id === chosen)?.name;
  const where = channelName ? `#${channelName}` : `channel ${chosen}`;
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);

  const open = () => {
    cmd.reset();
    setConfirming(false);
    setMember(preset ?? null);
    dialog.current?.showModal();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    const r = await cmd.send('PurgeMessages', { channelId: chosen, count: Number(count), userId: member?.id ?? null, reason: reason.trim() || null });
    setConfirming(false);
    if (r && (r.status === 'accepted' || r.status === 'pending')) {
      dialog.current?.close();
      setSent({ requestId: r.commandId, where });
      setReason('');
    }
  };
  const whose = member ? `${member.name ?? member.id}'s` : '';
  return (
    <>
      <button type="button" aria-haspopup="dialog" data-action="purge" onClick={open}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby="purge-title">
        <form className="form" onSubmit={(e) => void submit(e)}>
          <h2 id="purge-title">{member ? `Delete ${member.name ?? member.id}'s recent messages` : 'Purge messages'}</h2>
          {confirming ? (
            <p role="alert" className="error">
              Delete the {count} newest {member ? `of ${whose} messages among the last ${PURGE_SCAN_WINDOW}` : 'messages'} in {where}? Messages older than {DAYS} days are left. This cannot be
              undone.
            </p>
          ) : (
            <>
              <label>
                Channel
                {list.length ? (
                  <select name="purgeChannel" value={chosen} onChange={(e) => setChannelId(e.target.value)}>
                    {list.map((c) => (
                      <option key={c.id} value={c.id}>
                        #{c.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input name="purgeChannel" value={channelId} onChange={(e) => setChannelId(e.target.value)} placeholder="channel id" inputMode="numeric" required />
                )}
              </label>
              <ErrorNote error={channels.error} />
              <label>
                How many of the newest messages <span className="muted small">(1–{PURGE_MAX_COUNT})</span>
                <input name="purgeCount" type="number" min={1} max={PURGE_MAX_COUNT} step={1} value={count} onChange={(e) => setCount(e.target.value)} required />
              </label>
              {member ? (
                <p className="row" data-testid="purge-member">
                  <span>
                    Only messages of <b>{member.name ?? member.id}</b> <span className="muted small">{member.id}</span>
                  </span>
                  <button type="button" className="link" onClick={() => setMember(null)}>
                    Anyone&apos;s instead
                  </button>
                </p>
              ) : (
                <>
                  <MemberPicker guildId={guild.id} label="Only one member's messages (optional)" onPick={setMember} />
                  <span className="muted small">Looks through the channel&apos;s last {PURGE_SCAN_WINDOW} messages for theirs.</span>
                </>
              )}
              <label>
                Reason <span className="muted small">(optional, for Discord&apos;s audit log)</span>
                <textarea name="purgeReason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={400} />
              </label>
            </>
          )}
          <CommandOutcome state={cmd.state} guildId={guild.id} />
          <div className="row">
            <button ref={yes} type="submit" className={confirming ? 'danger' : 'primary'} disabled={cmd.state.phase === 'sending' || !chosen}>
              {confirming ? 'Yes, purge' : 'Purge…'}
            </button>
            {confirming ? (
              <button type="button" onClick={() => setConfirming(false)}>
                Back
              </button>
            ) : null}
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
      {sent ? <PurgeProgress key={sent.requestId} guildId={guild.id} sent={sent} /> : null}
    </>
  );
};
