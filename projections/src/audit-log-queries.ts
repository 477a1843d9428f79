import { ActorSchema, SourceSchema } from '@guildhall/kernel';
import { z } from 'zod';
import { num, readModel, type Db } from './db.js';
import { envelopeOfRow, type EnvelopeDbRow } from './envelope-columns.js';
import {
  decodeCursor,
  encodeCursor,
  GuildIdSchema,
  InstantInputSchema,
  LimitSchema,
  OrderSchema,
  pageOf,
  parseQuery,
  type Page,
} from './query-input.js';
import { positionWithin, SqlParams } from './sql.js';

export const AuditLogFilterSchema = z
  .object({
    guildId: GuildIdSchema,
    type: z.string().min(1).max(100).optional(),
    actorId: ActorSchema.shape.id.max(100).optional(),
    source: SourceSchema.optional(),
    correlationId: z.string().min(1).max(200).optional(),
    streamId: z.string().min(1).max(300).optional(),
    from: InstantInputSchema.optional(),
    to: InstantInputSchema.optional(),
    order: OrderSchema,
    limit: LimitSchema,
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AuditLogFilter = z.input<typeof AuditLogFilterSchema>;

export type AuditLogEntry = Readonly<{
  position: number;
  /** The event's index within its commit (events appended together share a position). */
  idx: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  version: number;
  occurredAt: string;
  actor: Readonly<{ kind: string; id: string; name: string }>;
  source: string;
  correlationId: string;
  causationId: string | null;
  payload: unknown;
}>;

type Row = EnvelopeDbRow & {
  idx: number;
  schema_version: number;
  stream_id: string;
  version: string;
  causation_id: string | null;
  payload: unknown;
};

const toEntry = (r: Row): AuditLogEntry => ({
  ...envelopeOfRow(r),
  idx: r.idx,
  schemaVersion: r.schema_version,
  streamId: r.stream_id,
  version: num(r.version),
  causationId: r.causation_id,
  payload: r.payload,
});

/** A guild's events in store order (newest first by default), filtered, keyset-paginated. */
export const listAuditLog = async (db: Db, input: AuditLogFilter): Promise<Page<AuditLogEntry>> => {
  const f = parseQuery('listAuditLog', AuditLogFilterSchema, input);
  const p = new SqlParams();
  const table = `${readModel('audit_log')}.events`;
  const guild = p.add(f.guildId);
  const where = [`guild_id = ${guild}`, ...positionWithin(p, table, guild, f.from, f.to)];
  if (f.type) where.push(`type = ${p.add(f.type)}`);
  if (f.actorId) where.push(`actor_id = ${p.add(f.actorId)}`);
  if (f.source) where.push(`source = ${p.add(f.source)}`);
  if (f.correlationId) where.push(`correlation_id = ${p.add(f.correlationId)}`);
  if (f.streamId) where.push(`stream_id = ${p.add(f.streamId)}`);
  if (f.cursor) {
    const [position, idx] = decodeCursor('listAuditLog', f.order, f.cursor, z.tuple([z.number().int(), z.number().int()]));
    where.push(`(position, idx) ${f.order === 'desc' ? '<' : '>'} (${p.add(position)}, ${p.add(idx)})`);
  }
  const { rows } = await db.query<Row>(
    `SELECT position, idx, event_id, type, schema_version, stream_id, version, occurred_at, actor_kind, actor_id, actor_name,
            source, correlation_id, causation_id, payload
       FROM ${table} WHERE ${where.join(' AND ')}
      ORDER BY position ${f.order}, idx ${f.order} LIMIT ${p.add(f.limit + 1)}`,
    p.values,
  );
  return pageOf(rows, f.limit, toEntry, (r) => encodeCursor('listAuditLog', f.order, [num(r.position), r.idx]));
};
