import { deterministicId, type Actor, type Command, type CommandEnvelope, type Decider, type DomainEvent, type EventEnvelope } from '@guildhall/kernel';
import { commandHandler, type EventStore, type HandlerOutcome } from '@guildhall/eventing';
import { communitySlices, type commands as communityCommands, type CommunityCommandType } from '@guildhall/community';
import { outgoingMessageDecider, streamIdOf as messagingStreamIdOf, toCommand as messagingToCommand, type commands as messagingCommands } from '@guildhall/messaging';
import type { z } from 'zod';
import type { SendMeta } from './moderation-driver.js';

export const GATEWAY: Actor = { kind: 'system', id: 'discord-gateway', name: 'gateway' };

type Slice<S, C extends Command, E extends DomainEvent> = Readonly<{
  decider: Decider<S, C, E>;
  commandTypes: readonly string[];
  streamIdOf: (c: C) => string;
  toCommand: (e: CommandEnvelope) => C;
}>;

/**
 * Runs the community and messaging deciders for real (eventing's command handler on the real
 * store): Discord facts as the gateway sends them, and dashboard messages with the executor's
 * outcome. Returns the events each command stored.
 */
export class FactDriver {
  private readonly handlers = new Map<string, (e: CommandEnvelope) => Promise<HandlerOutcome>>();
  private counter = 0;

  constructor(private readonly store: EventStore) {
    const register = <S, C extends Command, E extends DomainEvent>(slice: Slice<S, C, E>) => {
      const handle = commandHandler({ store, decider: slice.decider, streamIdOf: slice.streamIdOf, toCommand: slice.toCommand });
      for (const t of slice.commandTypes) this.handlers.set(t, handle);
    };
    register({ ...communitySlices.member, toCommand: (e) => communitySlices.member.toCommand(e) });
    register({ ...communitySlices.message, toCommand: (e) => communitySlices.message.toCommand(e) });
    register({ ...communitySlices.guildStructure, toCommand: (e) => communitySlices.guildStructure.toCommand(e) });
    register({ ...communitySlices.presence, toCommand: (e) => communitySlices.presence.toCommand(e) });
    register({
      decider: outgoingMessageDecider,
      commandTypes: ['SendMessage', 'RecordMessageSent', 'RecordMessageSendFailed'],
      streamIdOf: messagingStreamIdOf,
      toCommand: (e) => messagingToCommand(e),
    });
  }

  /** A Discord fact (actor: the gateway, source: discord unless given). */
  fact<T extends CommunityCommandType>(type: T, payload: z.input<(typeof communityCommands)[T]>, meta: Omit<SendMeta, 'actor'> & { actor?: Actor }) {
    return this.send(type, payload, { source: 'discord', actor: GATEWAY, ...meta });
  }

  message<T extends keyof typeof messagingCommands>(type: T, payload: z.input<(typeof messagingCommands)[T]>, meta: SendMeta) {
    return this.send(type, payload, meta);
  }

  private async send(type: string, payload: unknown, meta: SendMeta): Promise<{ result: HandlerOutcome; events: EventEnvelope[] }> {
    const handle = this.handlers.get(type);
    if (!handle) throw new Error(`no handler for ${type}`);
    const command: CommandEnvelope = {
      id: meta.commandId ?? deterministicId('test-fact', meta.guildId, type, meta.now, ++this.counter),
      type,
      issuedAt: meta.now,
      guildId: meta.guildId,
      actor: meta.actor,
      source: meta.source ?? 'discord',
      correlationId: meta.correlationId ?? deterministicId('test-fact-correlation', meta.guildId, this.counter),
      causationId: null,
      payload,
    };
    const result = await handle(command);
    if (result.status !== 'accepted') throw new Error(`${type} rejected: ${result.code} ${result.message}`);
    const { events } = await this.store.readStream(result.streamId);
    return { result, events: events.filter((e) => e.causationId === command.id) };
  }
}
