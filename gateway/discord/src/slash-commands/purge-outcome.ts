import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope } from '@guildhall/kernel';
import { messagePurgeEvents, messagePurgeStreamId } from '@guildhall/messaging';

export type PurgeOutcome =
  | Readonly<{ status: 'purged'; deletedCount: number }>
  | Readonly<{ status: 'failed'; reason: string; discordErrorCode: number | null }>
  | Readonly<{ status: 'pending' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Follows the purge's own stream until Discord's outcome is recorded or the wait ends. */
export const waitForPurgeOutcome = async (store: EventStore, guildId: string, requestId: string, timeoutMs: number): Promise<PurgeOutcome> => {
  const streamId = messagePurgeStreamId(guildId, requestId);
  const deadline = Date.now() + timeoutMs;
  let after = 0;
  for (let poll = 0; ; poll++) {
    const { version, events } = await store.readStream(streamId, { afterVersion: after });
    after = Math.max(after, version);
    for (const envelope of events) {
      const e = eventFromEnvelope(messagePurgeEvents, envelope);
      if (e?.type === 'MessagesPurged') return { status: 'purged', deletedCount: e.data.deletedCount };
      if (e?.type === 'MessagesPurgeFailed') return { status: 'failed', reason: e.data.reason, discordErrorCode: e.data.discordErrorCode };
    }
    if (Date.now() >= deadline) return { status: 'pending' };
    await sleep(Math.min(50 * 2 ** poll, 400, Math.max(0, deadline - Date.now())));
  }
};
