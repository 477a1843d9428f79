import { randomBytes } from 'node:crypto';
import { connectNats, createLogger } from '@guildhall/eventing';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const quietLogger = createLogger('messaging-test', process.env.LOG_LEVEL ?? 'silent');

type Nats = Awaited<ReturnType<typeof connectNats>>;

/** JetStream names of this test file only (several helpers share the server). */
export const uniqueNames = (tag: string) => {
  const id = `${tag}_${randomBytes(4).toString('hex')}`;
  return {
    bus: {
      streamName: `CMD_${id}`,
      subjectPrefix: `cmd_${id}`,
      deadLetterStream: `DLQ_${id}`,
      deadLetterPrefix: `dlq_${id}`,
      resultsBucket: `RES_${id}`,
    },
    events: { streamName: `EV_${id}`, subjectPrefix: `es_${id}` },
  };
};

/** Deletes the streams (and the results bucket's KV stream) through the JetStream API. */
export const deleteStreams = async (nc: Nats, names: ReturnType<typeof uniqueNames>): Promise<void> => {
  const streams = [names.bus.streamName, names.bus.deadLetterStream, names.events.streamName, `KV_${names.bus.resultsBucket}`];
  for (const s of streams) await nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
};
