import { type Command, type CommandEnvelope, type CommandMeta, ErrorCodes, InfraError } from '@guildhall/kernel';
import type { z } from 'zod';

/** The command union a schema map describes: `{ Type: schema }` → `Command<'Type', data>`. */
export type CommandsOf<M extends Record<string, z.ZodType>> = {
  [K in keyof M & string]: Command<K, z.output<M[K]>>;
}[keyof M & string];

/**
 * Builds a `toCommand` from one zod schema per command type. An unknown type throws
 * UNKNOWN_COMMAND, a bad payload INVALID_COMMAND naming the field (`payload.reason`).
 */
export const commandParser =
  <M extends Record<string, z.ZodType>>(schemas: M) =>
  (envelope: CommandEnvelope, meta: CommandMeta): CommandsOf<M> => {
    const schema = Object.hasOwn(schemas, envelope.type) ? schemas[envelope.type] : undefined;
    if (!schema) {
      throw new InfraError(ErrorCodes.UNKNOWN_COMMAND, `unknown command type ${envelope.type}`, {
        type: envelope.type,
        known: Object.keys(schemas),
      });
    }
    const parsed = schema.safeParse(envelope.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = ['payload', ...(issue?.path ?? []).map(String)].join('.');
      throw new InfraError(ErrorCodes.INVALID_COMMAND, `invalid command: ${field}: ${issue?.message ?? 'invalid'}`, {
        field,
        issues: parsed.error.issues.map((i) => ({ field: ['payload', ...i.path.map(String)].join('.'), reason: i.message })),
      });
    }
    return { type: envelope.type, data: parsed.data, meta } as CommandsOf<M>;
  };
