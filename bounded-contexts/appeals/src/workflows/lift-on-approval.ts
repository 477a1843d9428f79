import { deterministicId, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { parseAppealEvent } from '../command-routing.js';

/** The context whose commands an approval sends (moderation's public command names, not its internals). */
export const MODERATION_CONTEXT = 'moderation';

/** Discord caps audit-log reasons (moderation's REASON_MAX) at 512 characters. */
const REASON_MAX = 512;

/**
 * The id of the lift an approval sends (the UnbanMember / RemoveMemberTimeout command), derived
 * from the AppealDecided event's id. It becomes the lift's moderation request id (CaseLifted's
 * `byRequestId`, the unban case's `requestId`), which is how a case's timeline shows "lifted by
 * appeal ...".
 */
export const liftRequestIdOf = (decidedEventId: string): string => deterministicId('appeals-lift', decidedEventId);

export type ContextCommand = Readonly<{ context: string; command: CommandEnvelope }>;

/**
 * An approved appeal lifts its sanction through moderation's own commands: a ban becomes an
 * UnbanMember, a timeout a RemoveMemberTimeout, by the moderator who approved it. The command is
 * caused by the decision (causationId = the event's id, its correlation id kept) and its id comes
 * from the event, so reacting twice sends one command, which the bus deduplicates.
 */
export const reactToAppealEvent = (envelope: EventEnvelope, now: string): ContextCommand[] => {
  const event = parseAppealEvent(envelope);
  if (event?.type !== 'AppealDecided' || event.data.lifts === null) return [];
  const d = event.data;
  const type = d.lifts === 'ban' ? 'UnbanMember' : 'RemoveMemberTimeout';
  // Under four-eyes the audit log names the second moderator too (the unban is the requester's, as the decision is),
  // by id: the reason is stored in the lift's case as plain text, and the approver's name is sealed personal data.
  const approved = d.approval ? `approved (four-eyes: second moderator ${d.approval.approvedBy.id})` : 'approved';
  const reason = `Appeal ${d.appealId} of case #${d.caseNumber} ${approved}: ${d.reason}`.slice(0, REASON_MAX);
  const command: CommandEnvelope = {
    id: liftRequestIdOf(envelope.id),
    type,
    issuedAt: now,
    guildId: envelope.guildId,
    actor: d.decidedBy,
    source: envelope.source,
    correlationId: envelope.correlationId,
    causationId: envelope.id,
    payload: { target: { id: d.appellantId, name: null }, reason },
  };
  return [{ context: MODERATION_CONTEXT, command }];
};
