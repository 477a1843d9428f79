import { caseAppealsStreamId, emailPreferenceStreamId, MEMBER_SCOPE_GUILD } from '@guildhall/appeals';
import { verifyLink } from '@guildhall/appeals/notification-links';
import { createLogger, type CommandBus, type JetStreamEventStore } from '@guildhall/eventing';
import { eventually, openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport } from '../src/email-transport.js';
import { startNotifier, type Notifier } from '../src/notifier.js';
import { startSmtpCatcher, type SmtpCatcher } from '@guildhall/mail-catcher';
import { appendEvent, decidedPayload, eventsOf, GUILD } from './support.js';

const SECRET = 'notifier-test-link-secret';
const logger = createLogger('notifier-test', process.env.LOG_LEVEL ?? 'silent');
let world: BusTestWorld | undefined;
let store: JetStreamEventStore;
let bus: CommandBus;
let smtp: SmtpCatcher;
let notifier: Notifier | undefined;
let n = 0;
const member = () => `3000000000000${String(++n).padStart(5, '0')}`;

const setEmail = async (userId: string, email: string) => {
  const id = newId();
  const result = await bus.send(
    {
      id,
      type: 'SetEmailAddress',
      issuedAt: new Date().toISOString(),
      guildId: MEMBER_SCOPE_GUILD,
      actor: { kind: 'dashboard-user', id: userId, name: 'Mia' },
      source: 'web',
      correlationId: id,
      causationId: null,
      payload: { userId, email, verifiedByDiscord: true },
    },
    { context: 'notifications', waitMs: 10_000 },
  );
  expect(result).toMatchObject({ status: 'accepted', eventCount: 2 });
};

/** The SMTP server listens on this port; between tests it may be stopped to play "SMTP down". */
let smtpPort = 0;

beforeAll(async () => {
  world = await openBusTestWorld('notifier');
  ({ store, bus } = world);
  smtp = await startSmtpCatcher();
  smtpPort = smtp.port;
  notifier = await startNotifier({
    nc: world.nc,
    store,
    bus,
    logger,
    streamName: world.names.events.streamName,
    subjectPrefix: world.names.events.subjectPrefix,
    email: smtpTransport({ url: `smtp://127.0.0.1:${smtpPort}`, from: 'Guildhall <guildhall@test>', timeoutMs: 2_000 }),
    publicUrl: 'http://guildhall.test',
    linkSecret: SECRET,
    retry: { maxAttempts: 6, backoffMs: [300, 600] },
    staffChannels: {},
    discordWaitMs: 2_000,
    consumerPrefix: `notifier_${world.names.events.streamName}`,
    ackWaitMs: 2_000,
  });
});

afterAll(async () => {
  await notifier?.stop();
  await smtp?.stop();
  await world?.close();
});

describe('the notifier on real NATS and a real SMTP server', () => {
  it('an appeal decision emails an opted-in member once, with text and HTML parts and a working unsubscribe token', async () => {
    const userId = member();
    await setEmail(userId, 'mia@example.test');
    await appendEvent(store, caseAppealsStreamId(GUILD, 7), GUILD, 'AppealDecided', decidedPayload(GUILD, 7, userId));
    const mail = await eventually(async () => smtp.mails.find((m) => m.subject?.includes('case #7')), 20_000, 'the decision email');
    expect(mail.subject).toBe('Your appeal of case #7 was approved');
    expect(mail.text).toContain('The evidence did not hold up.');
    expect(mail.text).toContain('Your ban is lifted.');
    expect(mail.html).toContain('<p>Reason: The evidence did not hold up.</p>');
    expect(mail.messageId).toMatch(/@guildhall\.notifications>$/);
    const link = /(http:\/\/guildhall\.test\/notifications\/unsubscribe\?token=[^\s"<]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(mail.html).toContain(link!.replace(/&/g, '&amp;'));
    const token = new URL(link!).searchParams.get('token')!;
    expect(verifyLink(SECRET, token)).toEqual({ ok: true, payload: { p: 'unsubscribe', u: userId } });
    // The DM of the same decision is queued beside it (no bot here: it waits for one).
    const queued = await eventually(async () => {
      const list = (await eventsOf(store, 'NotificationQueued')).filter((e) => (e.payload as { recipient: { userId?: string } }).recipient.userId === userId);
      return list.length === 2 ? list : undefined;
    });
    expect(queued.map((e) => (e.payload as { recipient: { channel: string } }).recipient.channel).sort()).toEqual(['dm', 'email']);
    await eventually(async () => (await eventsOf(store, 'NotificationSent')).length >= 1 || undefined);
    expect(smtp.mails.filter((m) => m.subject?.includes('case #7'))).toHaveLength(1);
  });

  it('a member who did not opt in gets no email', async () => {
    const userId = member();
    await appendEvent(store, caseAppealsStreamId(GUILD, 8), GUILD, 'AppealDecided', decidedPayload(GUILD, 8, userId));
    await eventually(async () => (await eventsOf(store, 'NotificationQueued')).find((e) => (e.payload as { recipient: { userId?: string } }).recipient.userId === userId));
    const queued = (await eventsOf(store, 'NotificationQueued')).filter((e) => (e.payload as { recipient: { userId?: string } }).recipient.userId === userId);
    expect(queued.map((e) => (e.payload as { recipient: { channel: string } }).recipient.channel)).toEqual(['dm']);
  });

  it('an address typed in gets a confirmation email whatever the opt-in', async () => {
    const userId = member();
    const id = newId();
    await appendEvent(store, emailPreferenceStreamId(userId), MEMBER_SCOPE_GUILD, 'EmailConfirmationRequested', { userId, email: 'new@example.test', confirmationId: id, requestedAt: new Date().toISOString() });
    const mail = await eventually(async () => smtp.mails.find((m) => (m.to as { text: string } | undefined)?.text === 'new@example.test'), 20_000, 'the confirmation email');
    const link = /(http:\/\/guildhall\.test\/notifications\/confirm\?token=[^\s"<]+)/.exec(mail.text ?? '')?.[1];
    expect(verifyLink(SECRET, new URL(link!).searchParams.get('token')!)).toMatchObject({ ok: true, payload: { p: 'confirm', u: userId, c: id } });
  });

  it('SMTP down: the attempts fail with a retry time, and once it is back the email is delivered exactly once', async () => {
    await smtp.stop();
    const userId = member();
    await setEmail(userId, 'down@example.test');
    await appendEvent(store, caseAppealsStreamId(GUILD, 9), GUILD, 'AppealDecided', decidedPayload(GUILD, 9, userId));
    const failures = await eventually(
      async () => {
        const list = (await eventsOf(store, 'NotificationAttemptFailed')).filter((e) => (e.payload as { code: string }).code === 'SMTP_UNREACHABLE');
        return list.length >= 2 ? list : undefined;
      },
      20_000,
      'two failed attempts',
    );
    const first = failures[0]!.payload as { retryAt: string | null; failedAt: string; reason: string };
    expect(first.retryAt).not.toBeNull();
    expect(first.reason).toMatch(/ECONNREFUSED/);
    smtp = await startSmtpCatcher(smtpPort);
    const mail = await eventually(async () => smtp.mails.find((m) => m.subject?.includes('case #9')), 20_000, 'the email after SMTP is back');
    expect((mail.to as { text: string }).text).toBe('down@example.test');
    const sent = await eventually(async () => (await eventsOf(store, 'NotificationSent')).find((e) => (e.payload as { attempt: number }).attempt >= 3));
    expect(sent).toBeDefined();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.mails.filter((m) => m.subject?.includes('case #9'))).toHaveLength(1);
  });
});
