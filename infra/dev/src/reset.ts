/**
 * `npm run reset -- --yes`: deletes Guildhall's JetStream streams and KV buckets and drops its
 * database, for a clean demo (the sandbox starts afresh on every run; the stores do not).
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { auditNames, connectNats, loadCommonSettings } from '@guildhall/eventing';
import pg from 'pg';

if (!process.argv.includes('--yes')) {
  process.stderr.write('This deletes every Guildhall event, command, fact and read model. Run: npm run reset -- --yes\n');
  process.exit(2);
}
const s = loadCommonSettings();
const nc = await connectNats(s.NATS_URL, 'reset');
const jsm = await jetstreamManager(nc);
const audit = auditNames(s.EVENTS_STREAM, s.EVENTS_SUBJECT_PREFIX);
const streams = [
  s.EVENTS_STREAM,
  // The hash chain, checkpoints and keys describe the events: they go with them.
  audit.chainStream,
  audit.auditStream,
  s.COMMANDS_STREAM,
  s.DEAD_LETTERS_STREAM,
  `KV_${s.COMMAND_RESULTS_BUCKET}`,
  process.env.DISCORD_STREAM ?? 'DISCORD',
  `KV_${process.env.STATUS_BUCKET ?? 'BOT_STATUS'}`,
];
for (const name of streams) {
  const deleted = await jsm.streams.delete(name).catch(() => false);
  process.stdout.write(`${deleted ? 'deleted' : 'absent '} stream ${name}\n`);
}
await nc.close();
const url = new URL(s.DATABASE_URL);
const db = decodeURIComponent(url.pathname.slice(1));
url.pathname = '/postgres';
const admin = new pg.Client({ connectionString: url.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${db.replaceAll('"', '""')}" WITH (FORCE)`);
await admin.end();
process.stdout.write(`dropped database ${db}\n`);
