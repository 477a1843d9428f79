import { z } from 'zod';

/** Field schemas the messaging streams share. */
export const Instant = z.iso.datetime();
export const RequestId = z.string().min(1).max(200);

/** What the Discord action executor reports when Discord refused (a `Record…Failed` command). */
export const discordFailureInput = {
  discordErrorCode: z.number().int().nullable().default(null),
  httpStatus: z.number().int().min(100).max(599).nullable().default(null),
  reason: z.string().trim().min(1).max(1000),
};

/** The same, as a `…Failed` event stores it. */
export const discordFailure = {
  discordErrorCode: z.number().int().nullable(),
  httpStatus: z.number().int().nullable(),
  reason: z.string().min(1),
};
