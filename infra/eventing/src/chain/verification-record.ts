import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { z } from 'zod';
import { lastSeq } from './audit-streams.js';
import { subjects, type AuditNames } from './names.js';
import { ProblemCodes, type VerifyReport } from './verify.js';

const ProblemSchema = z.object({
  code: z.enum(Object.values(ProblemCodes) as [string, ...string[]]),
  stream: z.string(),
  position: z.number().int(),
  subject: z.string().optional(),
  guildId: z.string().optional(),
  what: z.string(),
});

const GuildVerificationSchema = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  commits: z.number().int(),
  upToPosition: z.number().int(),
  upToOccurredAt: z.string().nullable(),
  problems: z.number().int(),
});

/** What the scheduled verification job stores after each run (`<prefix>_audit.verify.all`): the dashboard reads the last one. */
export const VerificationRecordSchema = z.object({
  v: z.literal(1),
  kind: z.literal('verification'),
  at: z.iso.datetime(),
  ok: z.boolean(),
  events: z.number().int(),
  pending: z.number().int(),
  upToPosition: z.number().int(),
  upToOccurredAt: z.string().nullable(),
  problemCount: z.number().int(),
  /** The first problems, in store order. */
  problems: z.array(ProblemSchema),
  guilds: z.record(z.string(), GuildVerificationSchema),
});
export type VerificationRecord = z.infer<typeof VerificationRecordSchema>;

export const verificationRecordOf = (r: VerifyReport, at: Date = new Date()): VerificationRecord => ({
  v: 1,
  kind: 'verification',
  at: at.toISOString(),
  ok: r.ok,
  events: r.events,
  pending: r.pending,
  upToPosition: r.upToPosition,
  upToOccurredAt: r.upToOccurredAt,
  problemCount: r.problems.length,
  problems: r.problems.slice(0, 20).map((p) => ({ ...p })),
  guilds: { ...r.perGuild },
});

/** The last stored verification result, or undefined when no job has run yet. */
export const latestVerification = async (nc: NatsConnection, names: AuditNames): Promise<VerificationRecord | undefined> => {
  const jsm = await jetstreamManager(nc);
  if ((await lastSeq(jsm, names.auditStream)) === 0) return undefined;
  const m = await jsm.streams.getMessage(names.auditStream, { last_by_subj: subjects.verification(names, 'all') }).catch(() => null);
  if (!m) return undefined;
  const r = VerificationRecordSchema.safeParse(m.json());
  return r.success ? r.data : undefined;
};
