import type { Actor, CommandEnvelope } from '@guildhall/kernel';
import type { z } from 'zod';
import { commands, toCommand, type MessagingCommand } from '../src/index.js';

export const GUILD = '100000000000000001';
export const CHANNEL = '800000000000000001';
export const NOW = '2026-03-01T12:00:00.000Z';
export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };

type Type = keyof typeof commands;

export const envelopeOf = <T extends Type>(type: T, payload: z.input<(typeof commands)[T]>, id = 'send-1'): CommandEnvelope => ({
  id,
  type,
  issuedAt: NOW,
  guildId: GUILD,
  actor: ANN,
  source: 'web',
  correlationId: id,
  causationId: null,
  payload,
});

export const command = <T extends Type>(type: T, payload: z.input<(typeof commands)[T]>, id?: string): Extract<MessagingCommand, { type: T }> =>
  toCommand(envelopeOf(type, payload, id)) as Extract<MessagingCommand, { type: T }>;
