import type { CommandBus, CommandResult, Logger } from '@guildhall/eventing';
import { ErrorCodes, InfraError, type CommandEnvelope } from '@guildhall/kernel';
import { bulkRejectionOutcome } from '../bulk-action/member-commands.js';
import { MODERATION } from '../stream-ids.js';

/** Thrown into a wait when the process manager stops: the commit stays unacknowledged and is redelivered. */
export class StoppingError extends Error {
  override readonly name = 'StoppingError';
}

/** The code a bulk member's outcome carries when its command was dead-lettered instead of decided. */
export const COMMAND_FAILED = 'COMMAND_FAILED';

const PROBE = { code: 'PROBE', message: 'probe' };

/**
 * One member's command of a bulk request: its rejection must become that member's outcome, so
 * the process manager needs its result, not just the publish ack. Asked of bulkRejectionOutcome
 * itself, so the two never disagree on what a bulk member command is.
 */
export const isBulkMemberCommand = (command: CommandEnvelope): boolean => bulkRejectionOutcome(command, PROBE, command.issuedAt) !== undefined;

/** The rejection to record for a settled result; undefined when the command was accepted. */
export const rejectionOf = (result: CommandResult): { code: string; message: string } | undefined => {
  switch (result.status) {
    case 'rejected':
      return { code: result.code, message: result.message };
    case 'failed':
      // Dead-lettered after its retries: the member's part ended without a case.
      return { code: COMMAND_FAILED, message: result.reason };
    default:
      return undefined;
  }
};

export type ReactionSenderDeps = Readonly<{
  bus: CommandBus;
  /**
   * Moderation's own handler in this process: when set, the process manager's commands are
   * decided here instead of a round trip through the bus (they are all moderation's).
   */
  local?: ((command: CommandEnvelope) => Promise<CommandResult>) | undefined;
  /** How long one wait for a bulk member's result lasts before asking again. */
  resultWaitMs: number;
  /** Rejects with StoppingError once the process manager stops. */
  stopped: Promise<never>;
  now: () => string;
  logger: Logger;
}>;

const orStop = <T>(deps: ReactionSenderDeps, p: Promise<T>): Promise<T> => Promise.race([p, deps.stopped]);

/**
 * Sends one command the process manager derived from an event. Resolves once JetStream has
 * accepted it; for a bulk member's command, once it is decided and a rejection has been sent on
 * as that member's outcome. A crash anywhere before the commit's ack redelivers the event: the
 * same command ids are sent again, deduplicated by the bus, and the stored result of the member's
 * command yields the same outcome command, so no outcome is lost or doubled.
 */
export const sendReaction = async (deps: ReactionSenderDeps, command: CommandEnvelope, context: string = MODERATION): Promise<void> => {
  try {
    // Another context's command (an approved appeal decision) goes on the bus: the local handler is moderation's.
    if (context !== MODERATION) await orStop(deps, deps.bus.send(command, { context }));
    else await sendAndSettle(deps, command);
  } catch (e) {
    // The bus refused the envelope itself: no retry can fix it, so it must not block the commit.
    if (!(e instanceof InfraError && e.code === ErrorCodes.INVALID_COMMAND)) throw e;
    deps.logger.error({ err: e, commandId: command.id, type: command.type }, 'the bus refused a process manager command; skipped');
  }
};

const sendAndSettle = async (deps: ReactionSenderDeps, command: CommandEnvelope): Promise<void> => {
  const { bus, local } = deps;
  if (!isBulkMemberCommand(command)) {
    await orStop(deps, local ? local(command) : bus.send(command, { context: MODERATION }));
    return;
  }
  let result = await orStop(deps, local ? local(command) : bus.send(command, { context: MODERATION, waitMs: deps.resultWaitMs }));
  while (result.status === 'pending') {
    deps.logger.info({ commandId: command.id, type: command.type }, 'bulk member command not decided yet; still waiting');
    result = await orStop(deps, bus.result(command.id, { waitMs: deps.resultWaitMs }));
  }
  const rejection = rejectionOf(result);
  if (!rejection) return;
  const outcome = bulkRejectionOutcome(command, rejection, deps.now());
  if (!outcome) return;
  deps.logger.info({ commandId: command.id, code: rejection.code }, 'bulk member command rejected; recording the member outcome');
  await orStop(deps, local ? local(outcome) : bus.send(outcome, { context: MODERATION }));
};
