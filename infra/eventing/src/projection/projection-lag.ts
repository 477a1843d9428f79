import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';
import { readCheckpoint } from './position-stores.js';

/** How far a read model is behind the event stream, in stream sequences (commits). */
export type ProjectionLag = Readonly<{ position: number; head: number; behind: number }>;

export const streamHead = async (nc: NatsConnection, streamName: string): Promise<number> =>
  (await (await jetstreamManager(nc)).streams.info(streamName)).state.last_seq;

export const projectionLag = async (
  nc: NatsConnection,
  pool: Pool,
  streamName: string,
  name: string,
): Promise<ProjectionLag> => {
  const [position, head] = await Promise.all([readCheckpoint(pool, name), streamHead(nc, streamName)]);
  return { position, head, behind: Math.max(0, head - position) };
};
