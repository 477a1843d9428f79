import { decodeCommitMessage, openAsStored, PermanentFailure, startReactor } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { jetstreamManager } from '@nats-io/jetstream';
import type { AutomationPart } from '../runtime/automation-part.js';
import { AutomodEngine } from './automod-engine.js';
import { commandsForHit } from './hit-commands.js';

export const AUTOMOD_CONSUMER = 'automation-automod';

export type AutomodPartOptions = Readonly<{
  consumerName?: string;
  /** Events that occurred before this (ms) only rebuild the state; newer ones are evaluated. Default: the start time minus 5 s. */
  liveFromMs?: number;
  now?: () => string;
}>;

/**
 * Live automod: one reactor over every stored event. At start it replays the store from the
 * beginning (the consumer is made anew), rebuilding the rules, members' roles and each guild's
 * window in memory; events from shortly before the start on are evaluated, and each hit's
 * commands are sent: the hit into the rule's log here (the bot deletes from its event), the
 * sanctions to moderation and the alert to messaging over the bus. One instance per
 * deployment (the replay is per process).
 */
export const automodPart = (options: AutomodPartOptions = {}): AutomationPart => ({
  name: 'automod',
  start: async (deps) => {
    const name = options.consumerName ?? AUTOMOD_CONSUMER;
    const jsm = await jetstreamManager(deps.nc);
    await jsm.consumers.delete(deps.streamName, name).catch(() => undefined);
    const engine = new AutomodEngine();
    const liveFrom = options.liveFromMs ?? Date.now() - 5_000;
    const now = options.now ?? (() => new Date().toISOString());
    const log = deps.logger;
    const react = async (event: EventEnvelope): Promise<void> => {
      const live = Date.parse(event.occurredAt) >= liveFrom;
      let outcome;
      try {
        outcome = engine.apply(event, live);
      } catch (e) {
        throw new PermanentFailure(`automod could not read ${event.type} ${event.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const hit of outcome.hits) {
        for (const c of commandsForHit(hit, event, now())) {
          if (c.context === 'automation') {
            const r = await deps.handle(c.command);
            if (r.status === 'rejected') log.error({ result: r, command: c.command.type }, 'automod hit refused');
          } else {
            await deps.bus.send(c.command, { context: c.context });
          }
        }
        log.info({ guildId: outcome.guildId, ruleId: hit.ruleId, reason: hit.reason, dryRun: hit.definition.dryRun }, 'automod rule fired');
      }
    };
    const reactor = await startReactor<readonly EventEnvelope[]>({
      nc: deps.nc,
      logger: log,
      name,
      stream: deps.streamName,
      filterSubject: `${deps.subjectPrefix}.>`,
      deadLetters: { stream: deps.bus.config.deadLetterStream, prefix: deps.bus.config.deadLetterPrefix },
      decode: (m) => {
        const d = decodeCommitMessage(m, deps.subjectPrefix);
        return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
      },
      label: (events) => ({ context: 'automod', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
      // In store order: a window depends on the order of its guild's messages.
      concurrency: 1,
      prefetch: 512,
      handle: async (stored) => {
        for (const event of await (deps.open ?? openAsStored)(stored)) await react(event);
      },
    });
    return { stop: () => reactor.stop() };
  },
});
