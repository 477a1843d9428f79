import {
  type CommandEnvelope,
  type EventEnvelope,
  fold,
  isDomainError,
} from '@guildhall/kernel';
import {
  bulkRejectionOutcome,
  moderationSlices,
  reactToModerationEvent,
} from '../src/index.js';

type AnySlice = (typeof moderationSlices)[keyof typeof moderationSlices];

const sliceFor = (type: string): AnySlice => {
  const found = Object.values(moderationSlices).find((s) => (s.commandTypes as readonly string[]).includes(type));
  if (!found) throw new Error(`no slice for ${type}`);
  return found;
};

/**
 * A test-only, in-memory stand-in for handler + process manager, to check that the pure pieces
 * (deciders, reactions, fan-out) compose into the flows the issue asks for. The real wiring is
 * tested against NATS in handler.int.test.ts.
 */
export class ProcessHarness {
  readonly streams = new Map<string, EventEnvelope[]>();
  readonly rejections: { command: CommandEnvelope; code: string }[] = [];
  private position = 0;
  constructor(public now: string) {}

  /** Decides one command on its stream and returns the stored events (a rejection is recorded, not thrown). */
  decide(envelope: CommandEnvelope): EventEnvelope[] {
    const slice = sliceFor(envelope.type);
    const decideOn = slice as unknown as {
      toCommand: AnySlice['toCommand'];
      streamIdOf: (c: unknown) => string;
      decider: { decide: (c: unknown, s: unknown) => readonly { type: string; data: unknown }[]; evolve: (s: unknown, e: never) => unknown; initialState: () => unknown };
    };
    try {
      const command = decideOn.toCommand(envelope);
      const streamId = decideOn.streamIdOf(command);
      const history = this.streams.get(streamId) ?? [];
      const state = fold(decideOn.decider, history.map((e) => ({ type: e.type, data: e.payload }) as never));
      const events = decideOn.decider.decide(command, state);
      if (events.length === 0) return [];
      const version = history.length + 1;
      this.position += 1;
      const stored = events.map((e, i) => ({
        id: `${envelope.id}/${i}`,
        type: e.type,
        schemaVersion: 1,
        streamId,
        version,
        position: this.position,
        occurredAt: envelope.issuedAt,
        guildId: envelope.guildId,
        actor: envelope.actor,
        source: envelope.source,
        correlationId: envelope.correlationId,
        causationId: envelope.id,
        payload: e.data,
      }));
      this.streams.set(streamId, [...history, ...stored]);
      return stored;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      this.rejections.push({ command: envelope, code: e.code });
      const outcome = bulkRejectionOutcome(envelope, { code: e.code, message: e.message }, this.now);
      return outcome ? this.decide(outcome) : [];
    }
  }

  /** Sends a command and every command the process manager derives from it, until quiet. */
  run(envelope: CommandEnvelope): void {
    const queue = [envelope];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next.id)) continue; // the bus dedupes by command id
      seen.add(next.id);
      for (const event of this.decide(next)) queue.push(...reactToModerationEvent(event, this.now));
    }
  }

  events(streamId: string): EventEnvelope[] {
    return this.streams.get(streamId) ?? [];
  }

  all(): EventEnvelope[] {
    return [...this.streams.values()].flat().sort((a, b) => a.position - b.position);
  }

  /** Discord actions asked for and not yet answered, as the executor would see them. */
  openDiscordActions(): EventEnvelope[] {
    const all = this.all();
    const settled = new Set(
      all.filter((e) => e.type === 'DiscordActionSucceeded' || e.type === 'DiscordActionFailed').map((e) => `${e.streamId}/${(e.payload as { actionId: string }).actionId}`),
    );
    return all.filter((e) => e.type === 'DiscordActionRequested' && !settled.has(`${e.streamId}/${(e.payload as { actionId: string }).actionId}`));
  }
}
