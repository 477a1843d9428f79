/**
 * `npm run audit:rotate-key -- <guildId>`: publishes the guild's next checkpoint key, endorsed by
 * the current one; checkpoints from then on are signed with it. Run it while the audit service is
 * stopped or between its checkpoints (the key subject's OCC refuses a concurrent second writer).
 */
import { auditSecret, Chainer, connectNats, createLogger } from '@guildhall/eventing';
import { loadAuditSettings } from './settings.js';

const guildId = process.argv[2];
if (!guildId) {
  console.error('usage: npm run audit:rotate-key -- <guildId>');
  process.exit(2);
}
try {
  const s = loadAuditSettings();
  const logger = createLogger('audit-rotate', 'warn');
  const nc = await connectNats(s.NATS_URL, 'audit-rotate-key', logger);
  const chainer = await Chainer.open({ nc, streamName: s.EVENTS_STREAM, subjectPrefix: s.EVENTS_SUBJECT_PREFIX, secret: auditSecret(s.AUDIT_SECRET), logger });
  const k = await chainer.keyring.rotate(guildId);
  await nc.close();
  console.log(`guild ${guildId} now signs with ${k.keyId} (public key ${k.publicKey}), endorsed by ${k.previousKeyId ?? 'nothing: first key'}`);
} catch (err) {
  console.error(`rotation failed: ${(err as Error).message}`);
  process.exit(2);
}
