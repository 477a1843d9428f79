import { REASON_MAX } from './moderation-schemas.js';

const NAME_MAX = 100;

/**
 * The audit-log reason Guildhall sends with every Discord action: "Case #N — reason — by actor".
 * Discord keeps 512 characters, so a long reason is shortened, never the case reference (which
 * is how audit-log facts are linked back to the case instead of opening a second one).
 */
export const formatAuditReason = (caseNumber: number, reason: string | null, actorName: string): string => {
  const prefix = `Case #${caseNumber} — `;
  const suffix = ` — by ${actorName.slice(0, NAME_MAX)}`;
  const text = reason ?? 'no reason given';
  const room = REASON_MAX - prefix.length - suffix.length;
  const body = text.length <= room ? text : `${text.slice(0, room - 1)}…`;
  return `${prefix}${body}${suffix}`;
};

const CASE_REFERENCE = /^Case #([1-9]\d{0,9})(?!\d)/;

/** The case number an audit-log reason starts with ("Case #12 — ..." → 12), or null. */
export const parseCaseReference = (reason: string | null): number | null => {
  const m = reason === null ? null : CASE_REFERENCE.exec(reason);
  return m ? Number(m[1]) : null;
};
