import type { CommandBus, CommandHandlerFn, EventStore, HandlerOutcome, Logger, ProjectionRunner } from '@guildhall/eventing';
import { commandFromEnvelope } from '@guildhall/kernel';
import type { Pool } from 'pg';
import { RECONCILE_DISCORD_SANCTIONS, reconcileCommands, ReconcileDiscordSanctionsSchema } from '../discord-reconciliation.js';
import { MODERATION } from '../stream-ids.js';
import { believedSanctions } from './member-sanctions-queries.js';

export type ReconcilerOptions = Readonly<{
  bus: CommandBus;
  store: EventStore;
  pool: Pool;
  /** The runner of `moderation_sanctions`: the comparison waits for it to include every stored event. */
  runner: ProjectionRunner;
  logger: Logger;
  /** How long a snapshot waits for the read model to catch up before it is retried. Default 30 s. */
  catchUpTimeoutMs?: number;
}>;

const schemas = { [RECONCILE_DISCORD_SANCTIONS]: ReconcileDiscordSanctionsSchema } as const;

/**
 * The bus handler of ReconcileDiscordSanctions: Discord's bans and timeouts (a snapshot the bot
 * took on READY / GUILD_CREATE) against whom Guildhall believes sanctioned; one
 * ReconcileWithDiscord per member that differs, for that member's record to decide. It appends
 * nothing itself; a redelivery sends the same (deduplicated) commands.
 */
export const reconcilerHandler = (o: ReconcilerOptions): CommandHandlerFn => {
  const log = o.logger.child({ component: 'reconciler' });
  return async (envelope): Promise<HandlerOutcome> => {
    const { data: snapshot } = commandFromEnvelope(schemas, envelope);
    // Everything stored before the snapshot reached us is in the read model; later changes are
    // refused by the member record (changed after the snapshot) or agree with it.
    await o.runner.waitForPosition(await o.store.headPosition(), o.catchUpTimeoutMs ?? 30_000);
    const believed = await believedSanctions(o.pool, envelope.guildId);
    const commands = reconcileCommands(envelope, snapshot, believed);
    for (const command of commands) await o.bus.send(command, { context: MODERATION });
    log.info(
      { guildId: envelope.guildId, snapshotId: snapshot.snapshotId, bans: snapshot.bans.length, believed: believed.length, sent: commands.length },
      'Discord snapshot reconciled',
    );
    return { status: 'accepted', commandId: envelope.id, streamId: `reconcile-${envelope.guildId}`, version: 0, position: 0, eventCount: 0 };
  };
};
