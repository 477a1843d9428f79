import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { DiscordFact, FactUser } from '../facts/index.js';

/** A command a fact leads to, and the context that handles it. */
export type RoutedCommand = Readonly<{ context: string; command: CommandEnvelope }>;

/** Facts → commands of one context; pure, so a replayed fact yields the very same commands. */
export type FactRoute = (fact: DiscordFact) => readonly RoutedCommand[];

export const displayName = (u: FactUser | null): string | null => u?.globalName ?? u?.username ?? null;

export const discordActor = (u: FactUser): Actor => ({ kind: 'discord-user', id: u.id, name: displayName(u) ?? u.id });

export const GATEWAY_ACTOR: Actor = { kind: 'system', id: 'guildhall-discord-gateway', name: 'Discord gateway' };

/**
 * The command for a fact: id from the fact id and the command type, issued at the fact's
 * observation time, so replaying the fact sends an identical, deduplicated command.
 */
export const commandFromFact = (fact: DiscordFact, context: string, type: string, payload: unknown, actor: Actor = GATEWAY_ACTOR, key = type): RoutedCommand => ({
  context,
  command: {
    id: deterministicId('fact-router', fact.id, key),
    type,
    issuedAt: fact.observedAt,
    guildId: fact.guildId,
    actor,
    source: 'discord',
    correlationId: fact.id,
    causationId: fact.id,
    payload,
  },
});
