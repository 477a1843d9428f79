/**
 * `npm run backup -- <file> [--streams A,B]`: the event store and the rest of Guildhall's JetStream state
 * (every stream and KV bucket on NATS_URL, or those named; durable consumers with their positions) to a
 * JSON-lines file (`.gz` gzips it) — except the member keys (crypto-shredding), which are backed up apart:
 * `npm run backup -- <file> --member-keys` writes only the keys bucket of EVENTS_STREAM. Kept apart, a
 * "forget me" is not undone by restoring an events backup; keep the keys' backups short-lived.
 * `npm run restore -- <file> [--replicas N]`: back into a NATS that has none of those streams; then
 * `npm run rebuild -- all` rebuilds the read models from the restored events.
 */
import { backupJetStream, connectNats, createLogger, listStreams, loadCommonSettings, memberKeysBucket, restoreJetStream } from '@guildhall/eventing';

const logger = createLogger('backup');
const [command, file, ...rest] = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
const usage = 'usage: npm run backup -- <file> [--streams A,B | --member-keys] | npm run restore -- <file> [--replicas N]';
if ((command !== 'backup' && command !== 'restore') || !file) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const replicas = option('replicas');
if (replicas !== undefined && !/^[1-5]$/.test(replicas)) {
  process.stderr.write(`--replicas: must be 1 to 5, got ${replicas}\n${usage}\n`);
  process.exit(2);
}
try {
  const settings = loadCommonSettings();
  const nc = await connectNats(settings.NATS_URL, `guildhall-${command}`, logger);
  try {
    if (command === 'backup') {
      const keys = `KV_${memberKeysBucket(settings.EVENTS_STREAM)}`;
      const isKeys = (s: string) => s.startsWith('KV_') && s.endsWith('_MEMBER_KEYS');
      const streams = rest.includes('--member-keys')
        ? [keys]
        : (option('streams')?.split(',').filter(Boolean) ?? (await listStreams(nc)).filter((s) => !isKeys(s)));
      const summary = await backupJetStream({ nc, file, logger, ...(streams ? { streams } : {}) });
      process.stdout.write(`backup written to ${summary.file}:\n`);
      for (const [name, s] of Object.entries(summary.streams)) {
        process.stdout.write(`  ${name.padEnd(24)} ${s.messages} messages (last sequence ${s.lastSeq}), ${s.consumers} consumers\n`);
      }
    } else {
      const summary = await restoreJetStream({ nc, file, logger, ...(replicas ? { replicas: Number(replicas) } : {}) });
      process.stdout.write(`restored from ${file}:\n`);
      for (const [name, s] of Object.entries(summary.streams)) {
        process.stdout.write(`  ${name.padEnd(24)} ${s.messages} messages (last sequence ${s.lastSeq}, ${s.gapsFilled} gaps kept), ${s.consumers} consumers\n`);
      }
      process.stdout.write('now rebuild the read models: npm run rebuild -- all\n');
    }
  } finally {
    await nc.drain().catch(() => nc.close());
  }
} catch (e) {
  logger.fatal({ err: e }, (e as Error).message);
  process.exit(1);
}
