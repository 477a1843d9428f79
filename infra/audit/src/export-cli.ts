/**
 * `npm run audit:export -- <guildId> <dir>`: writes the guild's verifiable export bundle
 * (manifest.json, events.ndjson, checkpoints.json, keys.json) into <dir>, after verifying the
 * guild's chain in the store. Check it anywhere with `node tools/verify-bundle.mjs <dir>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditSecret, buildBundle, connectNats, createLogger, formatProblem } from '@guildhall/eventing';
import { loadAuditSettings } from './settings.js';

const [guildId, dir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!guildId || !dir) {
  console.error('usage: npm run audit:export -- <guildId> <dir>');
  process.exit(2);
}
try {
  const s = loadAuditSettings();
  const nc = await connectNats(s.NATS_URL, 'audit-export', createLogger('audit-export', 'warn'));
  const r = await buildBundle(nc, { streamName: s.EVENTS_STREAM, subjectPrefix: s.EVENTS_SUBJECT_PREFIX, secret: auditSecret(s.AUDIT_SECRET), guildId });
  await nc.close();
  if ('report' in r) {
    console.log(`not exported: guild ${guildId}'s chain does not verify in the store`);
    for (const p of r.report.problems) console.log(`  ${formatProblem(p)}`);
    process.exit(1);
  }
  const b = r.bundle;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(b.manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'events.ndjson'), b.lines.map((l) => JSON.stringify(l)).join('\n') + (b.lines.length ? '\n' : ''));
  writeFileSync(join(dir, 'checkpoints.json'), `${JSON.stringify(b.checkpoints, null, 2)}\n`);
  writeFileSync(join(dir, 'keys.json'), `${JSON.stringify(b.keys, null, 2)}\n`);
  console.log(`exported ${b.manifest.events} events (${b.manifest.commits} commits), ${b.checkpoints.length} checkpoints, ${b.keys.length} keys of guild ${guildId} to ${dir}`);
} catch (err) {
  console.error(`export could not run: ${(err as Error).message}`);
  process.exit(2);
}
