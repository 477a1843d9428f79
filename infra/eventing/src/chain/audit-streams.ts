import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { ensureEventStream } from '../event-store/jetstream-stream-setup.js';
import type { AuditNames } from './names.js';

/** Creates the chain and audit streams when missing: never-expiring file streams, like the events stream. */
export const ensureAuditStreams = async (jsm: JetStreamManager, n: AuditNames): Promise<void> => {
  await ensureEventStream(jsm, { name: n.chainStream, subjectPrefix: n.chainPrefix, duplicateWindowMs: 120_000 });
  await ensureEventStream(jsm, { name: n.auditStream, subjectPrefix: n.auditPrefix, duplicateWindowMs: 120_000 });
};

/** The last sequence of a stream, 0 when it does not exist. */
export const lastSeq = async (jsm: JetStreamManager, stream: string): Promise<number> => {
  try {
    return (await jsm.streams.info(stream)).state.last_seq;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return 0;
    throw err;
  }
};
