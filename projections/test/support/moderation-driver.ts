import { deterministicId, type Actor, type Command, type CommandEnvelope, type DomainEvent, type EventEnvelope, type Source } from '@guildhall/kernel';
import { commandHandler, type EventStore, type HandlerOutcome } from '@guildhall/eventing';
import {
  bulkRejectionOutcome,
  moderationSlices,
  parseModerationEvent,
  reactToModerationEvent,
  type commands,
  type DeciderSlice,
  type ModerationCommandType,
} from '@guildhall/moderation';
import type { z } from 'zod';

export const EXECUTOR: Actor = { kind: 'system', id: 'discord-executor', name: 'Guildhall executor' };
export const SCHEDULER: Actor = { kind: 'system', id: 'scheduler', name: 'Guildhall scheduler' };

export type ExecutorAnswer = 'succeed' | 'leave' | Readonly<{ fail: string; discordErrorCode?: number; httpStatus?: number }>;

export type SendMeta = Readonly<{
  guildId: string;
  actor: Actor;
  now: string;
  source?: Source;
  correlationId?: string;
  commandId?: string;
}>;

export type Sent = Readonly<{ result: HandlerOutcome; events: EventEnvelope[] }>;

/**
 * Runs the moderation context for real in-process: its deciders through eventing's command
 * handler on the real event store, its process manager (reactToModerationEvent) between them,
 * and a stand-in for the Discord executor that answers each DiscordActionRequested. A command
 * is followed to the end of its chain, so a test gets exactly the events production would store.
 */
export class ModerationDriver {
  private readonly handlers = new Map<string, (e: CommandEnvelope) => Promise<HandlerOutcome>>();
  private counter = 0;

  constructor(
    private readonly store: EventStore,
    private readonly executor: (e: EventEnvelope) => ExecutorAnswer = () => 'succeed',
  ) {
    const register = <S, C extends Command, E extends DomainEvent>(slice: DeciderSlice<S, C, E>) => {
      const handle = commandHandler({ store, decider: slice.decider, streamIdOf: slice.streamIdOf, toCommand: (e) => slice.toCommand(e) });
      for (const t of slice.commandTypes) this.handlers.set(t, handle);
    };
    register(moderationSlices.memberRecord);
    register(moderationSlices.caseNumber);
    register(moderationSlices.case);
    register(moderationSlices.bulkAction);
    register(moderationSlices.report);
  }

  async send<T extends ModerationCommandType>(type: T, payload: z.input<(typeof commands)[T]>, meta: SendMeta): Promise<Sent> {
    const first: CommandEnvelope = {
      id: meta.commandId ?? deterministicId('test-command', meta.guildId, type, meta.now, ++this.counter),
      type,
      issuedAt: meta.now,
      guildId: meta.guildId,
      actor: meta.actor,
      source: meta.source ?? 'web',
      correlationId: meta.correlationId ?? deterministicId('test-correlation', meta.guildId, meta.now, this.counter),
      causationId: null,
      payload,
    };
    const events: EventEnvelope[] = [];
    const queue: CommandEnvelope[] = [first];
    let firstResult: HandlerOutcome | undefined;
    while (queue.length > 0) {
      const command = queue.shift()!;
      const handle = this.handlers.get(command.type);
      if (!handle) throw new Error(`no handler for ${command.type}`);
      const result = await handle(command);
      firstResult ??= result;
      if (result.status === 'rejected') {
        if (command === first) continue;
        const outcome = bulkRejectionOutcome(command, result, meta.now);
        if (!outcome) throw new Error(`${command.type} rejected in the chain: ${result.code} ${result.message}`);
        queue.push(outcome);
        continue;
      }
      const { events: all } = await this.store.readStream(result.streamId);
      for (const e of all.filter((x) => x.causationId === command.id)) {
        events.push(e);
        queue.push(...reactToModerationEvent(e, meta.now), ...this.execute(e, meta.now));
      }
    }
    return { result: firstResult!, events };
  }

  /** The Discord executor's answer to a DiscordActionRequested, as the command it would send. */
  private execute(e: EventEnvelope, now: string): CommandEnvelope[] {
    const event = parseModerationEvent(e);
    if (event?.type !== 'DiscordActionRequested') return [];
    const answer = this.executor(e);
    if (answer === 'leave') return [];
    const { caseNumber, actionId } = event.data;
    const base = {
      id: deterministicId('test-executor', e.id),
      issuedAt: now,
      guildId: e.guildId,
      actor: EXECUTOR,
      source: 'discord' as const,
      correlationId: e.correlationId,
      causationId: e.id,
    };
    if (answer === 'succeed') return [{ ...base, type: 'RecordDiscordActionSucceeded', payload: { caseNumber, actionId } }];
    return [
      {
        ...base,
        type: 'RecordDiscordActionFailed',
        payload: { caseNumber, actionId, reason: answer.fail, discordErrorCode: answer.discordErrorCode ?? null, httpStatus: answer.httpStatus ?? null },
      },
    ];
  }
}

/** The case number a chain opened (from its CaseOpened event). */
export const openedCaseNumber = (sent: Sent): number => {
  const opened = sent.events.find((e) => e.type === 'CaseOpened');
  if (!opened) throw new Error(`no case opened: ${sent.result.status === 'rejected' ? sent.result.code : 'accepted without a case'}`);
  return (opened.payload as { caseNumber: number }).caseNumber;
};
