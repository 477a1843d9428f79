import type { OpenedCase } from '@guildhall/moderation';
import { z } from 'zod';

/**
 * A case's status for lists and filters, from its replayed state:
 * pending (Discord asked, no answer yet), failed (Discord refused), active (a ban or timeout in
 * force), expired / lifted (a ban or timeout that ended), closed (everything else: warnings,
 * notes, kicks, unbans and untimeouts once done).
 */
export const CaseStatusSchema = z.enum(['pending', 'failed', 'active', 'expired', 'lifted', 'closed']);
export type CaseStatus = z.output<typeof CaseStatusSchema>;

export const caseStatus = (c: OpenedCase): CaseStatus => {
  if (c.ended?.how === 'expired') return 'expired';
  if (c.ended?.how === 'lifted') return 'lifted';
  if (c.outcome === 'pending') return 'pending';
  if (c.outcome === 'failed') return 'failed';
  if (c.action === 'ban' || c.action === 'timeout') return 'active';
  return 'closed';
};

/** The searchable text of a case: its reason and its notes. */
export const notesText = (c: OpenedCase): string => c.notes.map((n) => n.text).join('\n');

/** The columns a case row derives from its state (cases and the guild's counters use them). */
export const caseSummary = (c: OpenedCase) => ({
  case_number: c.caseNumber,
  request_id: c.requestId,
  action: c.action,
  origin: c.origin,
  status: caseStatus(c),
  outcome: c.outcome,
  target_id: c.target.id,
  target_name: c.target.name,
  moderator_kind: c.moderator.kind,
  moderator_id: c.moderator.id,
  moderator_name: c.moderator.name,
  reason: c.reason,
  notes_text: notesText(c),
  note_count: c.notes.length,
  evidence_count: c.evidence.length,
  hidden: c.hidden !== null,
  bulk_id: c.bulkId,
  duration_seconds: c.durationSeconds,
  expires_at: c.expiresAt,
  expiry_status: c.expiry?.status ?? null,
  ended_how: c.ended?.how ?? null,
  ended_at: c.ended?.at ?? null,
  requested_at: c.requestedAt,
  opened_at: c.openedAt,
});
export type CaseSummary = ReturnType<typeof caseSummary>;
