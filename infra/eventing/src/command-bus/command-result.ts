import { z } from 'zod';

/** The handler decided and the events are stored (eventCount may be 0: nothing to change). */
export const AcceptedResultSchema = z.object({
  status: z.literal('accepted'),
  commandId: z.string().min(1),
  streamId: z.string().min(1),
  /** The stream's version after the append (store-defined; on JetStream a stream sequence). */
  version: z.number().int().nonnegative(),
  /** The global position of the append (0 when nothing was appended). */
  position: z.number().int().nonnegative(),
  eventCount: z.number().int().nonnegative(),
});

/** A business rule said no (DomainError), or the payload was invalid. Nothing was appended. */
export const RejectedResultSchema = z.object({
  status: z.literal('rejected'),
  commandId: z.string().min(1),
  code: z.string().min(1),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** The handler kept failing (infrastructure, bug) and the command was dead-lettered. */
export const FailedResultSchema = z.object({
  status: z.literal('failed'),
  commandId: z.string().min(1),
  reason: z.string(),
  attempts: z.number().int().positive(),
});

/** The sender stopped waiting, or no outcome is recorded yet (or it expired); the command still completes. */
export const PendingResultSchema = z.object({
  status: z.literal('pending'),
  commandId: z.string().min(1),
});

/** What a handler returns for one command. */
export const HandlerOutcomeSchema = z.discriminatedUnion('status', [AcceptedResultSchema, RejectedResultSchema]);
/** What the bus records for a command once it is settled. */
export const SettledResultSchema = z.discriminatedUnion('status', [
  AcceptedResultSchema,
  RejectedResultSchema,
  FailedResultSchema,
]);
export const CommandResultSchema = z.discriminatedUnion('status', [
  AcceptedResultSchema,
  RejectedResultSchema,
  FailedResultSchema,
  PendingResultSchema,
]);

export type AcceptedResult = z.infer<typeof AcceptedResultSchema>;
export type RejectedResult = z.infer<typeof RejectedResultSchema>;
export type FailedResult = z.infer<typeof FailedResultSchema>;
export type PendingResult = z.infer<typeof PendingResultSchema>;
export type HandlerOutcome = z.infer<typeof HandlerOutcomeSchema>;
export type SettledResult = z.infer<typeof SettledResultSchema>;
export type CommandResult = z.infer<typeof CommandResultSchema>;
