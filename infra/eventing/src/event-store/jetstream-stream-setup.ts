import { InfraError } from '@guildhall/kernel';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';

export type EventStreamSpec = Readonly<{ name: string; subjectPrefix: string; duplicateWindowMs: number }>;

/** The parts of the stream's config the store relies on; anything else an operator set is kept. */
const wanted = (spec: EventStreamSpec): Partial<StreamConfig> => ({
  subjects: [`${spec.subjectPrefix}.>`],
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  // An event store never expires or evicts: no age, count, size or per-subject limits.
  max_age: 0,
  max_msgs: -1,
  max_bytes: -1,
  max_msgs_per_subject: -1,
  discard: DiscardPolicy.Old,
  duplicate_window: nanos(spec.duplicateWindowMs),
});

const differs = (cur: StreamConfig, want: Partial<StreamConfig>): boolean =>
  Object.entries(want).some(([k, v]) => JSON.stringify(cur[k as keyof StreamConfig]) !== JSON.stringify(v));

/** Creates the events stream, or updates it to the spec (storage cannot change: that is an error). */
export const ensureEventStream = async (jsm: JetStreamManager, spec: EventStreamSpec): Promise<StreamInfo> => {
  const want = wanted(spec);
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(spec.name);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
      return jsm.streams.add({ name: spec.name, num_replicas: 1, ...want });
    }
    throw err;
  }
  if (info.config.storage !== StorageType.File) {
    throw new InfraError('INVALID_SETTINGS', `stream ${spec.name} exists with ${info.config.storage} storage; an event store needs file storage`, {
      stream: spec.name,
      storage: info.config.storage,
    });
  }
  return differs(info.config, want) ? jsm.streams.update(spec.name, want) : info;
};
