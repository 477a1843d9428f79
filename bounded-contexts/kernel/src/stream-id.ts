import { DomainError } from './errors.js';

/** A subject token: no dots, wildcards or whitespace (NATS), non-empty. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

/**
 * A stream id `<context>.<streamType>.<id>`, which the JetStream store maps to the subject
 * `es.<context>.<streamType>.<id>`.
 */
export const streamId = (context: string, streamType: string, id: string): string => {
  for (const [field, value] of [['context', context], ['streamType', streamType], ['id', id]] as const) {
    if (!TOKEN.test(value)) {
      throw new DomainError('INVALID_STREAM_ID', `${field} "${value}" must match ${TOKEN}`, { field, value });
    }
  }
  return `${context}.${streamType}.${id}`;
};

export const parseStreamId = (
  id: string,
): { context: string; streamType: string; id: string } | undefined => {
  const parts = id.split('.');
  if (parts.length !== 3 || !parts.every((p) => TOKEN.test(p))) return undefined;
  const [context, streamType, rest] = parts as [string, string, string];
  return { context, streamType, id: rest };
};
