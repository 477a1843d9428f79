import type { AccessRule } from '../../src/api/access-rule.js';
import { documentOfApp } from './openapi-document.js';

export type Parameter = Readonly<{ name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Readonly<Record<string, unknown>> }>;
export type Operation = Readonly<{
  operationId: string;
  method: string;
  /** OpenAPI path, e.g. /api/guilds/{guildId}/cases */
  path: string;
  access: AccessRule | undefined;
  parameters: readonly Parameter[];
  body: Readonly<Record<string, unknown>> | undefined;
}>;

type RawOp = { operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; 'x-guildhall-access'?: AccessRule };

/** Every operation of the document, with its access rule: what the matrix and the fuzzer iterate. */
export const operations = (): Operation[] => {
  const doc = documentOfApp();
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, RawOp>).map(([method, op]) => ({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      access: op['x-guildhall-access'],
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
};

/** A concrete URL path: `{name}` replaced by `values[name]` (already encoded). */
export const fillPath = (path: string, values: Readonly<Record<string, string>>): string => path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
