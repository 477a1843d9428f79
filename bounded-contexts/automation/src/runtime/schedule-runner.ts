import { createStreamWaiter, decodeCommitMessage, startReactor, withCorrelation, type Reactor } from '@guildhall/eventing';
import type { EventEnvelope, StoredEvent } from '@guildhall/kernel';
import { outgoingMessageStreamId } from '@guildhall/messaging';
import { AUTOMATION_CONTEXT } from '../context.js';
import { parseScheduleEvent } from '../schedule/routing.js';
import { runCommandOf, runOutcomeCommand } from '../schedule/run-action.js';
import type { AutomationDeps, AutomationPart, RunningPart } from './automation-part.js';
import { SCHEDULER_ACTOR } from './fire-command.js';

type Outcome = Readonly<{ outcome: 'succeeded' | 'failed'; detail: string | null; messageId: string | null }>;

export type ScheduleRunnerOptions = Readonly<{
  /** Durable consumer name. Default `automation-schedule-runs`. */
  consumerName?: string;
  /** How long a run waits for Discord's answer to its post before it counts as failed. Default 30 s. */
  discordWaitMs?: number;
}>;

/** What Discord made of a scheduled post (messaging's outcome events on the request's stream). */
const postOutcome = (e: StoredEvent): Outcome | undefined => {
  const payload = e.payload as { messageId?: unknown; reason?: unknown };
  if (e.type === 'MessageSent') return { outcome: 'succeeded', detail: null, messageId: typeof payload.messageId === 'string' ? payload.messageId : null };
  if (e.type === 'MessageSendFailed') return { outcome: 'failed', detail: typeof payload.reason === 'string' ? payload.reason : 'Discord refused the message', messageId: null };
  return undefined;
};

/**
 * Runs what a schedule's ScheduleRunStarted asks for, through the context that owns it, and
 * records the outcome on the schedule's stream. The reactor over `<prefix>.automation.schedule.>`
 * acknowledges a commit once every run in it has its outcome sent; the commands' ids are derived
 * from the run, so a redelivery posts nothing twice.
 */
export const startScheduleRunner = async (deps: AutomationDeps, o: ScheduleRunnerOptions = {}): Promise<RunningPart & { reactor: Reactor }> => {
  const { nc, bus, store, subjectPrefix, logger } = deps;
  const waiter = createStreamWaiter(nc, store, subjectPrefix);
  const discordWaitMs = o.discordWaitMs ?? 30_000;

  const run = async (event: EventEnvelope): Promise<void> => {
    const parsed = parseScheduleEvent(event);
    if (parsed?.type !== 'ScheduleRunStarted') return;
    const r = parsed.data;
    const command = runCommandOf(event, r);
    if (command === null) return; // the bot runs it (ScheduleRoleActionRequested) and records the outcome
    const { context, envelope, waitsForDiscord } = command;
    const result = await bus.send(envelope, { context, waitMs: 10_000 });
    let outcome: Outcome;
    if (result.status === 'rejected') outcome = { outcome: 'failed', detail: `${result.code}: ${result.message}`, messageId: null };
    else if (result.status === 'failed') outcome = { outcome: 'failed', detail: result.reason, messageId: null };
    else if (result.status === 'pending') throw new Error(`${envelope.type} ${envelope.id} not decided yet; retrying`);
    else if (!waitsForDiscord) outcome = { outcome: 'succeeded', detail: null, messageId: null };
    else {
      const answer = await waiter.waitFor(outgoingMessageStreamId(event.guildId, envelope.id), postOutcome, discordWaitMs);
      outcome = answer ?? { outcome: 'failed', detail: `no answer from Discord within ${Math.round(discordWaitMs / 1000)} s`, messageId: null };
    }
    const record = runOutcomeCommand({ guildId: event.guildId, scheduleId: r.scheduleId, runNumber: r.runNumber, correlationId: event.correlationId, causationId: event.id }, outcome, new Date().toISOString(), SCHEDULER_ACTOR);
    await bus.send(record, { context: AUTOMATION_CONTEXT });
    logger.info({ guildId: event.guildId, scheduleId: r.scheduleId, runNumber: r.runNumber, outcome: outcome.outcome, late: r.late }, 'scheduled run settled');
  };

  const reactor = await startReactor<readonly EventEnvelope[]>({
    nc,
    logger: logger.child({ component: 'schedule-runs' }),
    name: o.consumerName ?? 'automation-schedule-runs',
    stream: deps.streamName,
    filterSubject: `${subjectPrefix}.${AUTOMATION_CONTEXT}.schedule.>`,
    deadLetters: { stream: bus.config.deadLetterStream, prefix: bus.config.deadLetterPrefix },
    decode: (m) => {
      const d = decodeCommitMessage(m, subjectPrefix);
      return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
    },
    label: (events) => ({ context: 'automation-schedule-runs', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
    concurrency: 64,
    // A run waits for Discord's answer (up to discordWaitMs): longer than that before a redelivery.
    ackWaitMs: discordWaitMs + 30_000,
    maxAttempts: 8,
    backoffMs: [500, 1_000, 2_000, 5_000, 10_000, 30_000],
    handle: async (events) => {
      for (const e of events) await withCorrelation(e.correlationId, () => run(e));
    },
  });
  return { reactor, stop: () => reactor.stop() };
};

export const scheduleRunnerPart: AutomationPart = { name: 'schedule-runs', start: (deps) => startScheduleRunner(deps) };
