import type { Actor, CommandEnvelope } from '@guildhall/kernel';
import type { z } from 'zod';
import { commands, communitySlices, type CommunityCommandType } from '../src/index.js';

export const GUILD = '100000000000000001';
export const NOW = '2026-03-01T12:00:00.000Z';
export const GATEWAY: Actor = { kind: 'system', id: 'discord-gateway', name: 'gateway' };
export const alice = { id: '300000000000000001', username: 'alice', globalName: 'Alice', bot: false };

export const envelopeOf = <T extends CommunityCommandType>(
  type: T,
  payload: z.input<(typeof commands)[T]>,
  over: Partial<{ id: string; now: string }> = {},
): CommandEnvelope => ({
  id: over.id ?? 'fact-1',
  type,
  issuedAt: over.now ?? NOW,
  guildId: GUILD,
  actor: GATEWAY,
  source: 'discord',
  correlationId: over.id ?? 'fact-1',
  causationId: null,
  payload,
});

type Slices = typeof communitySlices;
type CommandIn<K extends keyof Slices> = ReturnType<Slices[K]['toCommand']>;

const builder =
  <K extends keyof Slices>(slice: K) =>
  <T extends CommandIn<K>['type'] & CommunityCommandType>(
    type: T,
    payload: z.input<(typeof commands)[T]>,
    over: Partial<{ id: string; now: string }> = {},
  ): Extract<CommandIn<K>, { type: T }> =>
    communitySlices[slice].toCommand(envelopeOf(type, payload, over)) as Extract<CommandIn<K>, { type: T }>;

export const memberFact = builder('member');
export const messageFact = builder('message');
export const structureFact = builder('guildStructure');
export const presenceFact = builder('presence');
