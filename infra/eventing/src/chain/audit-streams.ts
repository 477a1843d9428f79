import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { AuditNames } from './names.js';

const ensure = async (jsm: JetStreamManager, name: string, subject: string): Promise<void> => {
  try {
    await jsm.streams.info(name);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    await jsm.streams
      .add({
        name,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: 0,
        max_msgs: -1,
        max_bytes: -1,
        max_msgs_per_subject: -1,
        discard: DiscardPolicy.Old,
        duplicate_window: nanos(120_000),
        num_replicas: 1,
      })
      .catch(async (e: unknown) => {
        // Another process created it meanwhile.
        await jsm.streams.info(name).catch(() => {
          throw e;
        });
      });
  }
};

/** Creates the chain and audit streams when missing (never-expiring, file storage, like the events stream). */
export const ensureAuditStreams = async (jsm: JetStreamManager, n: AuditNames): Promise<void> => {
  await ensure(jsm, n.chainStream, `${n.chainPrefix}.>`);
  await ensure(jsm, n.auditStream, `${n.auditPrefix}.>`);
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
