import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { caseAppealsStreamId, MEMBER_SCOPE_GUILD, notificationStreamId } from '@guildhall/appeals';
import { eventually, openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCatcher, type SmtpCatcher } from '@guildhall/mail-catcher';
import { appendEvent, decidedPayload, eventsOf, GUILD, MEMBER } from './support.js';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const children = new Set<ChildProcess>();
let world: BusTestWorld | undefined;
let smtp: SmtpCatcher;
let env: Record<string, string>;

/** The real notifier service (src/main.ts) in its own process; resolves when it logs `ready`. */
const startNotifierProcess = async (): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) if (line.includes('"msg":"ready"')) resolve();
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code, signal) => reject(new Error(`notifier exited before ready (code ${code}, signal ${signal})`)));
  });
  return child;
};

const killHard = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
};

beforeAll(async () => {
  world = await openBusTestWorld('notifier_kill');
  smtp = await startSmtpCatcher();
  const { bus, events } = world.names;
  env = {
    EVENTS_STREAM: events.streamName,
    EVENTS_SUBJECT_PREFIX: events.subjectPrefix,
    COMMANDS_STREAM: bus.streamName,
    COMMANDS_SUBJECT_PREFIX: bus.subjectPrefix,
    COMMAND_RESULTS_BUCKET: bus.resultsBucket,
    DEAD_LETTERS_STREAM: bus.deadLetterStream,
    DEAD_LETTERS_SUBJECT_PREFIX: bus.deadLetterPrefix,
    NOTIFIER_CONSUMER_PREFIX: `notifier_${events.streamName}`,
    NOTIFIER_ACK_WAIT_MS: '1500',
    SMTP_URL: smtp.url,
    SMTP_TIMEOUT_MS: '60000',
    NOTIFY_LINK_SECRET: 'kill-test-link-secret',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
  };
});

afterAll(async () => {
  for (const c of children) await killHard(c);
  await smtp?.stop();
  await world?.close();
});

describe('the notifier killed between "decided" and "sent"', () => {
  it('SIGKILL while the email is in the SMTP conversation → exactly one email after the restart', async () => {
    const first = await startNotifierProcess();
    const id = newId();
    const set = await world!.bus.send(
      { id, type: 'SetEmailAddress', issuedAt: new Date().toISOString(), guildId: MEMBER_SCOPE_GUILD, actor: { kind: 'dashboard-user', id: MEMBER, name: 'Mia' }, source: 'web', correlationId: id, causationId: null, payload: { userId: MEMBER, email: 'mia@example.test', verifiedByDiscord: true } },
      { context: 'notifications', waitMs: 15_000 },
    );
    expect(set.status).toBe('accepted');

    const held = smtp.hold();
    await appendEvent(world!.store, caseAppealsStreamId(GUILD, 3), GUILD, 'AppealDecided', decidedPayload(GUILD, 3, MEMBER));
    await held.receiving;
    // The message is in the SMTP server's hands, not yet accepted; the outcome is not recorded.
    await killHard(first);
    await held.senderGone;
    held.release();
    expect(smtp.mails).toHaveLength(0);
    const queued = (await eventsOf(world!.store, 'NotificationQueued')).find((e) => (e.payload as { recipient: { channel: string } }).recipient.channel === 'email')!;
    const notificationId = (queued.payload as { notificationId: string }).notificationId;
    expect((await world!.store.readStream(notificationStreamId(notificationId))).events.map((e) => e.type)).toEqual(['NotificationQueued']);

    await startNotifierProcess();
    await eventually(async () => (smtp.mails.length > 0 ? smtp.mails : undefined), 20_000, 'the email after the restart');
    await eventually(async () => (await world!.store.readStream(notificationStreamId(notificationId))).events.find((e) => e.type === 'NotificationSent'), 20_000, 'NotificationSent');
    // Long enough for another redelivery (ack wait 1.5 s) to have sent a second one.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(smtp.mails.map((m) => m.subject)).toEqual(['Your appeal of case #3 was approved']);
    expect((await world!.store.readStream(notificationStreamId(notificationId))).events.map((e) => e.type)).toEqual(['NotificationQueued', 'NotificationSent']);
  }, 90_000);
});
