import { FactEnvelopeSchema } from './fact-envelope.js';
import { factPayloads, isFactType, type DiscordFact } from './fact-types.js';

const issueText = (issues: readonly { path: readonly PropertyKey[]; message: string }[], root: string): string => {
  const issue = issues[0];
  if (!issue) return `${root}: invalid`;
  return `${[root, ...issue.path.map(String)].join('.')}: ${issue.message}`;
};

/**
 * Validates a fact (envelope, then its payload by type). Used both before publishing (our own
 * bug must not reach the stream) and when reading the stream (anything can be on a subject).
 */
export const validateFact = (value: unknown): { fact: DiscordFact } | { reason: string } => {
  const envelope = FactEnvelopeSchema.safeParse(value);
  if (!envelope.success) return { reason: issueText(envelope.error.issues, 'fact') };
  const { type } = envelope.data;
  if (!isFactType(type)) return { reason: `fact.type: unknown fact type "${type}"` };
  const payload = factPayloads[type].safeParse(envelope.data.payload);
  if (!payload.success) return { reason: issueText(payload.error.issues, `${type}.payload`) };
  return { fact: { ...envelope.data, payload: payload.data } as DiscordFact };
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a stored fact message; never throws. */
export const decodeFact = (data: Uint8Array): { fact: DiscordFact } | { reason: string } => {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(data));
  } catch (e) {
    return { reason: `not UTF-8 JSON: ${(e as Error).message}` };
  }
  return validateFact(json);
};
