import type { Actor, CommandEnvelope, CommandMeta, EventEnvelope } from '@guildhall/kernel';
import type { z } from 'zod';
import { commands, moderationSlices, type ModerationCommandType } from '../src/index.js';

export const GUILD = '100000000000000001';
export const USER = '300000000000000001';
export const NOW = '2026-03-01T12:00:00.000Z';
export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
export const SCHEDULER: Actor = { kind: 'system', id: 'scheduler', name: 'Guildhall' };
export const target = { id: USER, name: 'troll#0001' };

export type Over = Partial<Pick<CommandMeta, 'commandId' | 'now' | 'actor' | 'correlationId'>>;

export const envelopeOf = <T extends ModerationCommandType>(
  type: T,
  payload: z.input<(typeof commands)[T]>,
  over: Over = {},
): CommandEnvelope => ({
  id: over.commandId ?? 'cmd-1',
  type,
  issuedAt: over.now ?? NOW,
  guildId: GUILD,
  actor: over.actor ?? ANN,
  source: 'web',
  correlationId: over.correlationId ?? 'corr-1',
  causationId: null,
  payload,
});

type Slices = typeof moderationSlices;
type CommandIn<K extends keyof Slices> = ReturnType<Slices[K]['toCommand']>;

/** Builds a command through the same zod parsing the bus uses (defaults applied). */
const builder =
  <K extends keyof Slices>(slice: K) =>
  <T extends CommandIn<K>['type'] & ModerationCommandType>(
    type: T,
    payload: z.input<(typeof commands)[T]>,
    over: Over = {},
  ): Extract<CommandIn<K>, { type: T }> =>
    moderationSlices[slice].toCommand(envelopeOf(type, payload, over)) as Extract<CommandIn<K>, { type: T }>;

export const memberCommand = builder('memberRecord');
export const counterCommand = builder('caseNumber');
export const caseCommand = builder('case');
export const bulkCommand = builder('bulkAction');
export const fourEyesCommand = builder('fourEyes');
export const approvalCommand = builder('approvalRequest');
export const BOB: Actor = { kind: 'discord-user', id: '200000000000000002', name: 'Bob' };

export const at = (seconds: number): string => new Date(Date.parse(NOW) + seconds * 1000).toISOString();

/** Wraps domain events as stored envelopes (version = index + 1, occurredAt as given). */
export const stored = (
  streamId: string,
  events: readonly { type: string; data: unknown }[],
  occurredAt: (i: number) => string = () => NOW,
): EventEnvelope[] =>
  events.map((e, i) => ({
    id: `evt-${i + 1}`,
    type: e.type,
    schemaVersion: 1,
    streamId,
    version: i + 1,
    position: i + 1,
    occurredAt: occurredAt(i),
    guildId: GUILD,
    actor: ANN,
    source: 'web',
    correlationId: 'corr-1',
    causationId: null,
    payload: e.data,
  }));
