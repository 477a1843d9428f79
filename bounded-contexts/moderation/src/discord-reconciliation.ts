import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { z } from 'zod';
import { DiscordAuditEntrySchema, type AuditEvidence } from './member-record/commands.js';
import { InstantSchema, REASON_MAX, RequestIdSchema, UserRefSchema } from './moderation-schemas.js';

/**
 * The guild's sanctions as Discord has them, taken by the bot when it (re)connects: every ban
 * (paged), every member's timeout when the member list was complete, and the moderation entries
 * of the audit-log catch-up (who banned or unbanned whom while Guildhall was away).
 */
export const ReconcileDiscordSanctionsSchema = z.object({
  snapshotId: RequestIdSchema,
  bans: z.array(z.object({ user: UserRefSchema, reason: z.string().max(REASON_MAX).nullable().default(null) })),
  /** False when the bot could not list every member: timeouts are then not compared. */
  timeoutsKnown: z.boolean(),
  /** Members whose communication_disabled_until was set when the snapshot was taken. */
  timeouts: z.array(z.object({ user: UserRefSchema, until: InstantSchema })),
  audit: z.array(DiscordAuditEntrySchema).default([]),
});
export type DiscordSanctionsSnapshot = z.output<typeof ReconcileDiscordSanctionsSchema>;

/** The command the bot's fact router sends for a snapshot; moderation's reconciler handles it. */
export const RECONCILE_DISCORD_SANCTIONS = 'ReconcileDiscordSanctions';

/** What Guildhall believes of one member (the `moderation_sanctions` read model). */
export type BelievedSanction = Readonly<{ userId: string; banned: boolean; timeoutUntil: string | null }>;

const later = (a: string, b: string): boolean => (a.length === b.length ? a > b : a.length > b.length);

/** The latest non-bot entry of `actions` about the user, as the decider's evidence. */
const evidenceOf = (s: DiscordSanctionsSnapshot, userId: string, action: string): AuditEvidence | null => {
  let best: DiscordSanctionsSnapshot['audit'][number] | null = null;
  for (const e of s.audit) {
    if (e.target.id !== userId || e.executorIsBot) continue;
    if (best === null || later(e.auditLogEntryId, best.auditLogEntryId)) best = e;
  }
  // Only the member's last ban/unban (or timeout) entry explains the state Discord ended in.
  if (!best || best.action !== action) return null;
  return { auditLogEntryId: best.auditLogEntryId, executor: best.executor, reason: best.reason };
};

const auditOf = (s: DiscordSanctionsSnapshot, kinds: readonly string[]): DiscordSanctionsSnapshot =>
  ({ ...s, audit: s.audit.filter((e) => kinds.includes(e.action)) });

/**
 * One ReconcileWithDiscord per member whose ban or timeout differs between the snapshot and what
 * Guildhall believes; each member record then decides (pure, idempotent) what changed. Ids derive
 * from the snapshot command and the member, so a redelivered snapshot sends the same commands.
 */
export const reconcileCommands = (
  envelope: CommandEnvelope,
  snapshot: DiscordSanctionsSnapshot,
  believed: readonly BelievedSanction[],
): CommandEnvelope[] => {
  const now = Date.parse(envelope.issuedAt);
  const bans = new Map(snapshot.bans.map((b) => [b.user.id, b]));
  const timeouts = new Map(snapshot.timeouts.filter((t) => Date.parse(t.until) > now).map((t) => [t.user.id, t]));
  const beliefs = new Map(believed.map((b) => [b.userId, b]));
  const users = new Set([...bans.keys(), ...timeouts.keys(), ...beliefs.keys()]);
  const banAudit = auditOf(snapshot, ['ban', 'unban']);
  const timeoutAudit = auditOf(snapshot, ['timeout', 'untimeout']);
  const out: CommandEnvelope[] = [];
  for (const userId of [...users].sort()) {
    const ban = bans.get(userId);
    const timeout = timeouts.get(userId);
    const belief = beliefs.get(userId);
    const believedTimedOut = belief?.timeoutUntil != null && Date.parse(belief.timeoutUntil) > now;
    const banDiffers = (ban !== undefined) !== (belief?.banned ?? false);
    const timeoutDiffers = snapshot.timeoutsKnown && (timeout !== undefined) !== believedTimedOut;
    if (!banDiffers && !timeoutDiffers) continue;
    const target = ban?.user ?? timeout?.user ?? { id: userId, name: null };
    const id = deterministicId('reconcile', envelope.id, userId);
    out.push({
      id,
      type: 'ReconcileWithDiscord',
      issuedAt: envelope.issuedAt,
      guildId: envelope.guildId,
      actor: envelope.actor,
      source: envelope.source,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      payload: {
        target,
        snapshotId: snapshot.snapshotId,
        banned: ban !== undefined,
        banReason: ban?.reason ?? null,
        banAudit: evidenceOf(banAudit, userId, ban ? 'ban' : 'unban'),
        timeoutKnown: snapshot.timeoutsKnown,
        timeoutUntil: timeout?.until ?? null,
        timeoutAudit: evidenceOf(timeoutAudit, userId, timeout ? 'timeout' : 'untimeout'),
      },
    });
  }
  return out;
};
