/**
 * `npm run verify [-- guildId] [--json]`: recomputes every guild's hash chain from the configured
 * NATS (no other service needed) and checks the signed checkpoints. Exit 0 and
 * `verified <n> events` when intact; exit 1 naming the first bad place (stream, position, what is
 * wrong) and every other one after it; exit 2 when it cannot run (settings, NATS down).
 */
import { auditSecret, connectNats, createLogger, formatProblem, verifyStore } from '@guildhall/eventing';
import { loadAuditSettings } from './settings.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const guildId = args.find((a) => !a.startsWith('--'));
const logger = createLogger('verify', 'warn');

try {
  const s = loadAuditSettings();
  const nc = await connectNats(s.NATS_URL, 'verify', logger);
  const t = performance.now();
  const r = await verifyStore(nc, { streamName: s.EVENTS_STREAM, subjectPrefix: s.EVENTS_SUBJECT_PREFIX, secret: auditSecret(s.AUDIT_SECRET), ...(guildId ? { guildId } : {}) });
  const ms = performance.now() - t;
  await nc.close();
  if (json) {
    console.log(JSON.stringify(r, null, 2));
  } else if (r.ok) {
    console.log(`verified ${r.events} events`);
    console.log(
      `  ${r.commits} commits in ${r.guilds} guild chain(s)${guildId ? ` (guild ${guildId})` : ''}, ${r.checkpoints} signed checkpoints, up to position ${r.upToPosition}` +
        `${r.pending ? `; ${r.pending} newer commits not chained yet` : ''} (${Math.round(ms)} ms)`,
    );
  } else {
    console.log(`FAILED: ${r.problems.length} problem(s); the first bad place:`);
    for (const p of r.problems) console.log(`  ${formatProblem(p)}`);
    console.log(`(${r.events} events verified besides)`);
  }
  process.exit(r.ok ? 0 : 1);
} catch (err) {
  console.error(`verify could not run: ${(err as Error).message}`);
  process.exit(2);
}
