import { aggregateStream, type CommandHandlerFn, type EventStore, type HandlerOutcome } from '@guildhall/eventing';
import { isDomainError, type CommandEnvelope } from '@guildhall/kernel';
import { approvalIdOfExecution, fourEyesGate, GATED_COMMAND_TYPES } from './approval-request/gate.js';
import { approvalRequestAggregate } from './approval-request/state.js';
import { toCommand } from './command-routing.js';
import { fourEyesAggregate } from './four-eyes/state.js';
import { ModerationErrorCodes as E } from './moderation-errors.js';
import { approvalStreamId, fourEyesStreamId } from './stream-ids.js';
import { addSeconds } from './time.js';

/**
 * The four-eyes gate in front of moderation's deciders (the one place both the web and the slash
 * commands pass): a command the guild's rules hold becomes a RequestApproval under the same id
 * (so a resend is the same request); a command run for an approval runs only if that approval
 * was granted for exactly it, and its outcome is recorded on the approval. Everything else goes
 * straight through. The rules are read from their stream (aggregateStream), the decision is the
 * pure `fourEyesGate`.
 */
export const fourEyesGated = (store: EventStore, inner: CommandHandlerFn): CommandHandlerFn => {
  return async (envelope): Promise<HandlerOutcome> => {
    if (!GATED_COMMAND_TYPES.has(envelope.type)) return inner(envelope);
    let command: ReturnType<typeof toCommand>;
    try {
      command = toCommand(envelope);
    } catch (e) {
      // Bad input is refused by the decider's own parsing, the same way as without four-eyes.
      if (isDomainError(e)) return inner(envelope);
      throw e;
    }
    const { guildId } = envelope;
    const approvalId = approvalIdOfExecution(envelope.id);
    if (approvalId !== null) {
      const { state } = await aggregateStream(store, approvalStreamId(guildId, approvalId), approvalRequestAggregate);
      // Exactly the command that was approved: same type, same payload (both are the JSON the requester sent, key order kept).
      const granted =
        (state.status === 'approved' || state.status === 'executed') && state.held.type === envelope.type && JSON.stringify(state.held.payload) === JSON.stringify(envelope.payload);
      if (!granted) {
        return { status: 'rejected', commandId: envelope.id, code: E.APPROVAL_NOT_GRANTED, message: `approval ${approvalId} has not been granted for ${envelope.type}`, details: { approvalId } };
      }
      const result = await inner(envelope);
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
      await inner(executed);
      return result;
    }
    const { state: rules } = await aggregateStream(store, fourEyesStreamId(guildId), fourEyesAggregate);
    const gated = fourEyesGate(rules, command);
    if (!gated) return inner(envelope);
    return inner({
      ...envelope,
      type: 'RequestApproval',
      payload: {
        act: gated.act,
        held: { context: 'moderation', type: envelope.type, payload: envelope.payload },
        summary: gated.summary,
        expiresAt: addSeconds(command.meta.now, rules.expirySeconds),
        postTo: rules.staffChannelId,
      },
    });
  };
};
