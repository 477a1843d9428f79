import { aggregateStream, type CommandHandlerFn, type EventStore, type HandlerOutcome } from '@guildhall/eventing';
import { isDomainError, type CommandEnvelope } from '@guildhall/kernel';
import type { HeldContext } from './approval-request/commands.js';
import { approvalIdOfExecution, fourEyesGate, GATED_COMMAND_TYPES, type Gated } from './approval-request/gate.js';
import { approvalRequestAggregate, type OpenedApproval } from './approval-request/state.js';
import { toCommand } from './command-routing.js';
import { fourEyesAggregate, type FourEyesState } from './four-eyes/state.js';
import { ModerationErrorCodes as E } from './moderation-errors.js';
import { approvalStreamId, fourEyesStreamId } from './stream-ids.js';
import { addSeconds } from './time.js';

/**
 * What one context brings to the four-eyes gate: which of its commands the gate looks at, the
 * pure rule, and how it reaches moderation's approval requests (moderation's own handler, or the
 * bus from another context's handler).
 */
export type FourEyesDoor = Readonly<{
  context: HeldContext;
  gatedTypes: ReadonlySet<string>;
  /** Whether the guild's rules hold this command, and what the request shows; throws a DomainError for bad input (the context's handler then refuses it as without four-eyes). */
  gate: (rules: FourEyesState, envelope: CommandEnvelope) => Gated | null;
  /** The rules of the act itself for its requester, checked before a request is made (a refusal appends nothing); null: none to check. */
  check?: (envelope: CommandEnvelope) => Promise<HandlerOutcome | null>;
  /** Decides RequestApproval and RecordApprovalExecuted on moderation's approval request; the outcome names the approval's stream. */
  approvals: CommandHandlerFn;
  /** The command as it runs once granted (appeals: with who approved it); as sent when absent. */
  granted?: (envelope: CommandEnvelope, approval: OpenedApproval) => CommandEnvelope;
}>;

/** The approval request's own id when the held command's id cannot be it (another context's command on the bus already has it). */
export type ApprovalIdOf = (envelope: CommandEnvelope) => string;

/**
 * The four-eyes gate in front of a context's deciders (the one place both the web and the slash
 * commands pass): a command the guild's rules hold becomes a RequestApproval (a resend is the
 * same request); a command run for an approval runs only if that approval was granted for
 * exactly it, and its outcome is recorded on the approval. Everything else goes straight
 * through. The rules are read from their stream (aggregateStream); whether a command waits is
 * the door's pure `gate`.
 */
export const fourEyesGated = (store: EventStore, inner: CommandHandlerFn, door: FourEyesDoor, approvalIdOf: ApprovalIdOf = (e) => e.id): CommandHandlerFn => {
  return async (envelope): Promise<HandlerOutcome> => {
    if (!door.gatedTypes.has(envelope.type)) return inner(envelope);
    const { guildId } = envelope;
    const approvalId = approvalIdOfExecution(envelope.id);
    if (approvalId !== null) {
      const { state } = await aggregateStream(store, approvalStreamId(guildId, approvalId), approvalRequestAggregate);
      // Exactly the command that was approved: same context, type and payload (both are the JSON the requester sent, key order kept).
      const granted =
        (state.status === 'approved' || state.status === 'executed') &&
        state.held.context === door.context &&
        state.held.type === envelope.type &&
        JSON.stringify(state.held.payload) === JSON.stringify(envelope.payload);
      if (!granted) {
        return { status: 'rejected', commandId: envelope.id, code: E.APPROVAL_NOT_GRANTED, message: `approval ${approvalId} has not been granted for ${envelope.type}`, details: { approvalId } };
      }
      const result = await inner(door.granted ? door.granted(envelope, state) : envelope);
      const executed: CommandEnvelope = {
        ...envelope,
        id: `${envelope.id}-executed`,
        type: 'RecordApprovalExecuted',
        causationId: envelope.id,
        payload: {
          approvalId,
          commandId: envelope.id,
          outcome: result.status,
          code: result.status === 'rejected' ? result.code : null,
          message: result.status === 'rejected' ? result.message.slice(0, 1000) : null,
        },
      };
      await door.approvals(executed);
      return result;
    }
    const { state: rules } = await aggregateStream(store, fourEyesStreamId(guildId), fourEyesAggregate);
    let gated: Gated | null;
    try {
      gated = door.gate(rules, envelope);
    } catch (e) {
      // Bad input is refused by the decider's own parsing, the same way as without four-eyes.
      if (isDomainError(e)) return inner(envelope);
      throw e;
    }
    if (!gated) return inner(envelope);
    const refused = door.check ? await door.check(envelope) : null;
    if (refused) return refused;
    const requested = await door.approvals({
      ...envelope,
      id: approvalIdOf(envelope),
      type: 'RequestApproval',
      payload: {
        act: gated.act,
        held: { context: door.context, type: envelope.type, payload: envelope.payload },
        summary: gated.summary,
        expiresAt: addSeconds(envelope.issuedAt, rules.expirySeconds),
        postTo: rules.staffChannelId,
      },
    });
    return { ...requested, commandId: envelope.id };
  };
};

/** Moderation's own door: its gated commands, the pure `fourEyesGate`, and its own handler for the approval requests. */
export const moderationDoor = (inner: CommandHandlerFn): FourEyesDoor => ({
  context: 'moderation',
  gatedTypes: GATED_COMMAND_TYPES,
  gate: (rules, envelope) => fourEyesGate(rules, toCommand(envelope)),
  approvals: inner,
});
