import type { PoolClient } from 'pg';

export type DeadLetter = Readonly<{ position: number; subject: string; reason: string; raw: Uint8Array }>;

/** Records skipped commits, in one statement. A commit already recorded (by a rebuild) stays. */
export const deadLetterInsert = async (client: PoolClient, projection: string, letters: readonly DeadLetter[]): Promise<void> => {
  await client.query(
    `INSERT INTO guildhall.projection_dead_letters (projection, position, subject, reason, raw)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bytea[])
     ON CONFLICT (projection, position) DO NOTHING`,
    [
      projection,
      letters.map((l) => l.position),
      letters.map((l) => l.subject),
      letters.map((l) => l.reason),
      letters.map((l) => Buffer.from(l.raw.buffer, l.raw.byteOffset, l.raw.byteLength)),
    ],
  );
};

export type DeadLetterRow = Readonly<{ position: number; subject: string; reason: string; recordedAt: Date }>;

/** Dead letters of a projection, oldest first (for operators and tests). */
export const listDeadLetters = async (
  client: Pick<PoolClient, 'query'>,
  projection: string,
): Promise<DeadLetterRow[]> => {
  const r = await client.query<{ position: string; subject: string; reason: string; recorded_at: Date }>(
    'SELECT position, subject, reason, recorded_at FROM guildhall.projection_dead_letters WHERE projection = $1 ORDER BY position',
    [projection],
  );
  return r.rows.map((row) => ({ position: Number(row.position), subject: row.subject, reason: row.reason, recordedAt: row.recorded_at }));
};
