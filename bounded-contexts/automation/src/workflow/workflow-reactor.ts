import { aggregateStream, decodeCommitMessage, openAsStored, startReactor, type CommandBus, type EventStore, type Logger, type OpenEvents, type Reactor } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import type { AutomationPart } from '../runtime/automation-part.js';
import { workflowRunStreamId, workflowsStreamId } from '../custom-command/stream-ids.js';
import { parseWorkflowRunEvent, workflowsAggregate } from './slice.js';
import { liveWorkflows, type WorkflowEntry } from './state.js';
import { MessageFactSchema, triggerFromEvent, triggerFromMessageFact } from './trigger-sources.js';
import type { TriggerFact } from './trigger.js';


export type WorkflowReactorOptions = Readonly<{
  nc: NatsConnection;
  store: EventStore;
  bus: CommandBus;
  streamName: string;
  subjectPrefix: string;
  /** The bot's facts stream; null: message-posted triggers are off. */
  discordStream: string | null;
  discordSubjectPrefix: string;
  consumerName: string;
  logger: Logger;
  /** Opens the events' personal fields (the shredding store's `open`): a member's name is a condition's field. As stored when absent. */
  open?: OpenEvents;
}>;

const token = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '');

const actorOf = (w: WorkflowEntry): Actor => ({ kind: 'automation', id: w.workflowId, name: `Workflow "${w.definition.name}"`.slice(0, 100) });

const envelope = (id: string, type: string, guildId: string, actor: Actor, correlationId: string, payload: unknown): CommandEnvelope => ({
  id,
  type,
  issuedAt: new Date().toISOString(),
  guildId,
  actor,
  source: 'discord',
  correlationId,
  causationId: null,
  payload,
});

/**
 * Runs the guild's workflows on each trigger: every enabled workflow of the trigger's kind gets
 * a run (its id from the workflow and the trigger, so a redelivered trigger is the same run),
 * decided in the run's stream with its trace; the posts it asks for go through messaging, the
 * role and DM actions through the bot's action executor.
 */
export const startWorkflowReactor = async (o: WorkflowReactorOptions): Promise<{ stop: () => Promise<void> }> => {
  const log = o.logger;
  const deadLetters = { stream: o.bus.config.deadLetterStream, prefix: o.bus.config.deadLetterPrefix };

  const post = async (w: WorkflowEntry, runId: string, guildId: string, correlationId: string): Promise<void> => {
    const { events } = await o.store.readStream(workflowRunStreamId(guildId, runId));
    const parsed = events.map(parseWorkflowRunEvent);
    const settled = new Set(parsed.flatMap((e) => (e?.type === 'WorkflowActionSucceeded' || e?.type === 'WorkflowActionFailed' ? [e.data.actionId] : [])));
    for (const e of parsed) {
      if (e?.type !== 'WorkflowActionRequested' || e.data.kind !== 'post' || settled.has(e.data.actionId)) continue;
      const d = e.data;
      const sent = await o.bus.send(
        envelope(deterministicId(d.actionId, 'post'), 'SendMessage', guildId, actorOf(w), correlationId, { channelId: d.channelId, content: d.content, allowedMentions: { everyone: false, roles: false, users: true } }),
        { context: 'messaging', waitMs: 10_000 },
      );
      if (sent.status === 'pending') throw new Error(`messaging has not decided the post of ${d.actionId} yet`);
      const outcome =
        sent.status === 'accepted'
          ? envelope(deterministicId(d.actionId, 'outcome'), 'RecordWorkflowActionSucceeded', guildId, actorOf(w), correlationId, { runId, actionId: d.actionId, detail: 'sent through messaging' })
          : envelope(deterministicId(d.actionId, 'outcome'), 'RecordWorkflowActionFailed', guildId, actorOf(w), correlationId, { runId, actionId: d.actionId, reason: sent.status === 'rejected' ? `${sent.code}: ${sent.message}`.slice(0, 1000) : sent.reason.slice(0, 1000) });
      await o.bus.send(outcome, { context: 'automation', waitMs: 10_000 });
    }
  };

  const run = async (guildId: string, fact: TriggerFact): Promise<void> => {
    const { state } = await aggregateStream(o.store, workflowsStreamId(guildId), workflowsAggregate);
    for (const w of liveWorkflows(state)) {
      if (!w.definition.enabled || w.definition.trigger !== fact.kind) continue;
      const runId = token(deterministicId('workflow-run', w.workflowId, fact.sourceId));
      const start = envelope(deterministicId(runId, 'start'), 'StartWorkflowRun', guildId, actorOf(w), runId, { runId, workflowId: w.workflowId, version: w.version, definition: w.definition, trigger: fact });
      const result = await o.bus.send(start, { context: 'automation', waitMs: 10_000 });
      log.info({ guildId, workflowId: w.workflowId, runId, trigger: fact.kind, result: result.status }, 'workflow run');
      if (result.status === 'pending') throw new Error(`run ${runId} not decided yet`);
      if (result.status === 'accepted') await post(w, runId, guildId, runId);
    }
  };

  const events: Reactor = await startReactor<readonly EventEnvelope[]>({
    nc: o.nc,
    logger: log,
    name: `${o.consumerName}-events`,
    stream: o.streamName,
    filterSubject: `${o.subjectPrefix}.>`,
    deadLetters,
    // Workflows act on what happens from when they run, never on the stored past.
    deliverPolicy: 'new',
    decode: (m) => {
      const d = decodeCommitMessage(m, o.subjectPrefix);
      return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
    },
    keyOf: (evs) => evs[0]?.guildId ?? '_',
    concurrency: 8,
    handle: async (stored) => {
      for (const e of await (o.open ?? openAsStored)(stored)) {
        const fact = triggerFromEvent(e);
        if (fact) await run(e.guildId, fact);
      }
    },
  });

  // The bot creates the facts stream: until it exists, message-posted workflows wait (retried).
  let facts: Reactor | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const startFacts = async (): Promise<void> => {
    if (o.discordStream === null) {
      log.info('no facts stream given: message-posted workflows are off');
      return;
    }
    try {
      facts = await factsReactor(o.discordStream);
    } catch (err) {
      if (stopped) return;
      log.warn({ err, stream: o.discordStream }, 'cannot read message facts yet; message-posted workflows wait');
      retry = setTimeout(() => void startFacts(), 5_000);
    }
  };
  const factsReactor = (stream: string) => startReactor({
    nc: o.nc,
    logger: log,
    name: `${o.consumerName}-messages`,
    stream,
    filterSubject: `${o.discordSubjectPrefix}.*.message-created`,
    deadLetters,
    deliverPolicy: 'new',
    decode: (m) => {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(m.data));
      } catch {
        return { ok: false, reason: 'not JSON' };
      }
      const f = MessageFactSchema.safeParse(json);
      return f.success ? { ok: true, value: f.data } : { ok: false, reason: `not a message-created fact: ${f.error.issues[0]?.message ?? 'invalid'}` };
    },
    keyOf: (f) => f.guildId,
    concurrency: 8,
    handle: async (f) => {
      // A bot's message (a workflow's own post among them) never triggers a workflow: no loops.
      if (f.payload.author.bot) return;
      await run(f.guildId, triggerFromMessageFact(f, f.payload.createdAt));
    },
  });
  await startFacts();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await facts?.stop();
      await events.stop();
    },
  };
};

/** The automation service's workflow part (runtime/parts.ts). */
export const workflowPart: AutomationPart = {
  name: 'workflows',
  start: async (deps) =>
    startWorkflowReactor({
      nc: deps.nc,
      store: deps.store,
      bus: deps.bus,
      streamName: deps.streamName,
      subjectPrefix: deps.subjectPrefix,
      discordStream: deps.discordFacts?.streamName ?? null,
      discordSubjectPrefix: deps.discordFacts?.subjectPrefix ?? 'discord',
      consumerName: 'automation-workflows',
      logger: deps.logger,
      ...(deps.open ? { open: deps.open } : {}),
    }),
};
