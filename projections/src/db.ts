import type { Client, Pool, PoolClient } from 'pg';

/** What query functions take: a pool, or a client (e.g. inside a caller's transaction). */
export type Db = Pool | PoolClient | Client;

/** Read models live in `rm_<name>`; a rebuild swaps a fresh one in under the same name. */
export const readModel = (name: string): string => `"rm_${name}"`;

export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
export const isoOf = (d: Date): string => d.toISOString();
/** pg returns bigint as text; positions and versions stay far below 2^53. */
export const num = (v: string | number): number => Number(v);
