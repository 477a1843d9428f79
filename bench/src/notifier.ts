/**
 * bench/notifier: emails through the notifier's outbox to a real SMTP server (the mail catcher,
 * in-process): N opted-in members' appeal decisions appended at once → emails/s and the delay
 * from the decision event (its occurredAt) to the SMTP server accepting the email, p50/p99.
 * Prints; asserts nothing.   npm run bench:notifier   (BENCH_EMAILS=200)
 */
import { caseAppealsStreamId, MEMBER_SCOPE_GUILD } from '@guildhall/appeals';
import { notificationsHandler } from '@guildhall/appeals/notifications-handler';
import { CommandBus, connectNats, createLogger, JetStreamEventStore } from '@guildhall/eventing';
import { deleteStreams, uniqueNames } from '@guildhall/eventing/testing';
import { deterministicId, newId, type NewEvent } from '@guildhall/kernel';
import { startSmtpCatcher } from '@guildhall/mail-catcher';
import { smtpTransport, startNotifier } from '@guildhall/notifier';
import { execSync } from 'node:child_process';
import { percentile } from './support.js';
import { perSecond, printTable } from './table.js';

const N = Number(process.env.BENCH_EMAILS ?? 200);
const GUILD = '100000000000000001';
const logger = createLogger('bench-notifier', process.env.BENCH_LOG_LEVEL ?? 'warn');
const names = uniqueNames('bench_notifier');
const nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench-notifier');
const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
const bus = await CommandBus.create({ nc, logger, ...names.bus });
const smtp = await startSmtpCatcher(0, { keep: N + 10 });
const notifier = await startNotifier({
  nc, store, bus, logger, streamName: names.events.streamName, subjectPrefix: names.events.subjectPrefix,
  email: smtpTransport({ url: smtp.url, from: 'Guildhall <bench@localhost>', timeoutMs: 10_000 }),
  publicUrl: 'http://localhost:8080', linkSecret: 'bench-notifier-link-secret', retry: { maxAttempts: 3, backoffMs: [1_000] },
  staffChannels: {}, discordWaitMs: 1_000, consumerPrefix: `n_${names.events.streamName}`,
});
try {
  const member = (i: number) => String(300_000_000_000_000_000n + BigInt(i));
  const decide = notificationsHandler(store);
  for (let i = 0; i < N; i++) {
    const id = deterministicId('bench-notifier-pref', names.events.streamName, i);
    await decide({ id, type: 'SetEmailAddress', issuedAt: new Date().toISOString(), guildId: MEMBER_SCOPE_GUILD, actor: { kind: 'system', id: 'bench', name: 'bench' }, source: 'api', correlationId: id, causationId: null, payload: { userId: member(i), email: `m${i}@bench.test`, verifiedByDiscord: true } });
  }
  const started = Date.now();
  const decidedAt = new Map<string, number>();
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const at = new Date();
      const event: NewEvent = {
        id: newId(), type: 'AppealDecided', schemaVersion: 1, occurredAt: at.toISOString(), guildId: GUILD, actor: { kind: 'dashboard-user', id: '2', name: 'Bo' }, source: 'web', correlationId: newId(), causationId: null,
        payload: { appealId: `${GUILD}-${i + 1}-1`, guildId: GUILD, caseNumber: i + 1, appellantId: member(i), decision: 'denied', reason: 'bench', decidedBy: { kind: 'dashboard-user', id: '2', name: 'Bo' }, decidedAt: at.toISOString(), lifts: null },
      };
      decidedAt.set(`m${i}@bench.test`, at.getTime());
      await store.append(caseAppealsStreamId(GUILD, i + 1), [event], 'any');
    }),
  );
  while (smtp.mails.length < N && Date.now() - started < 300_000) await new Promise((r) => setTimeout(r, 50));
  const elapsed = Date.now() - started;
  const delays = smtp.mails.map((m) => Date.parse(m.receivedAt) - (decidedAt.get(m.envelopeTo[0] ?? '') ?? NaN)).filter(Number.isFinite).sort((a, b) => a - b);
  const load = execSync('uptime').toString().trim();
  printTable(`notifier: ${N} decision emails (load: ${load})`, [
    { measure: 'emails accepted by SMTP', value: smtp.mails.length },
    { measure: 'emails/s (append → all accepted)', value: perSecond(smtp.mails.length, elapsed) },
    { measure: 'decided → SMTP accepted p50 ms', value: percentile(delays, 50) },
    { measure: 'decided → SMTP accepted p99 ms', value: percentile(delays, 99) },
  ]);
  console.log(`notifier: ${smtp.mails.length} emails, ${perSecond(smtp.mails.length, elapsed)} emails/s, p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms decided → SMTP accepted`);
} finally {
  await notifier.stop();
  await smtp.stop();
  await bus.close();
  await store.close();
  await deleteStreams(nc, names);
  await nc.close();
}
