import { emailPreferenceStreamId } from '@guildhall/appeals';
import { DEMO_LINK_SECRET, signLink } from '@guildhall/appeals/notification-links';
import { notificationsHandler, registerNotifications } from '@guildhall/appeals/notifications-handler';
import type { CommandConsumer } from '@guildhall/eventing';
import { newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

describe('notification routes against the real stack (the notifier\'s handler on the bus, PostgreSQL read model)', () => {
  let stack: TestStack;
  let notifications: CommandConsumer;
  let member: Browser;
  let memberId: string;
  let admin: Browser;
  let moderator: Browser;

  beforeAll(async () => {
    stack = await startTestStack('notifications');
    notifications = await registerNotifications(stack.bus, stack.store);
    const people = stack.sandbox.world.people(stack.guildId);
    memberId = people.members[1]!;
    member = new Browser(stack.gateway.url);
    await logIn(member, stack.sandbox, memberId);
    admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, people.admins[0]!);
    moderator = new Browser(stack.gateway.url);
    await logIn(moderator, stack.sandbox, people.moderators[0]!);
  });
  afterAll(async () => {
    await notifications?.stop();
    await stack?.dispose();
  });

  it('a member gives an address, confirms it by the mailed link without signing in, and unsubscribes by the link in an email', async () => {
    expect(await json(await member.api('/api/me/notifications/email'))).toEqual({ email: null, pendingEmail: null, enabled: false });
    const set = await member.api('/api/me/notifications/email', { method: 'PUT', body: { email: ' mia@example.test ' } });
    expect(set.status).toBe(200);
    expect(await json(set)).toEqual({ status: 'accepted', preference: { email: null, pendingEmail: 'mia@example.test', enabled: false } });
    const requested = (await stack.store.readStream(emailPreferenceStreamId(memberId))).events.find((e) => e.type === 'EmailConfirmationRequested')!;
    const confirmationId = (requested.payload as { confirmationId: string }).confirmationId;

    const stranger = new Browser(stack.gateway.url);
    const confirm = await stranger.api('/api/notifications/email/confirm', { body: { token: signLink(DEMO_LINK_SECRET, { p: 'confirm', u: memberId, c: confirmationId, x: Math.floor(Date.now() / 1000) + 3600 }) } });
    expect(confirm.status).toBe(200);
    expect(await json(confirm)).toEqual({ status: 'confirmed' });
    expect(await json(await member.api('/api/me/notifications/email'))).toEqual({ email: 'mia@example.test', pendingEmail: null, enabled: true });

    const unsubscribe = await stranger.api('/api/notifications/email/unsubscribe', { body: { token: signLink(DEMO_LINK_SECRET, { p: 'unsubscribe', u: memberId }) } });
    expect(await json(unsubscribe)).toEqual({ status: 'unsubscribed' });
    expect(await json(await member.api('/api/me/notifications/email'))).toEqual({ email: 'mia@example.test', pendingEmail: null, enabled: false });
    // Opting in again from the dashboard.
    const on = await member.api('/api/me/notifications/email/enabled', { method: 'PUT', body: { enabled: true } });
    expect(await json(on)).toMatchObject({ preference: { enabled: true } });
  });

  it("a member uses their Discord account's verified address (the `email` scope, asked only then): confirmed and opted in at once", async () => {
    const people = stack.sandbox.world.people(stack.guildId);
    const otherId = people.members[2]!;
    const other = new Browser(stack.gateway.url);
    await logIn(other, stack.sandbox, otherId);
    const start = await other.fetch('/api/me/notifications/email/discord');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('scope')).toBe('identify email');
    const picked = await fetch(`${stack.sandbox.url}/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: otherId, decision: 'allow' }),
    });
    const callback = new URL(picked.headers.get('location')!);
    expect(callback.pathname).toBe('/api/me/notifications/email/discord/callback');
    const done = await other.fetch(`${callback.pathname}${callback.search}`);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/me/notifications?email=discord');
    const pref = await json(await other.api('/api/me/notifications/email'));
    expect(pref).toMatchObject({ email: expect.stringMatching(/@sandbox\.guildhall\.invalid$/), pendingEmail: null, enabled: true });
    // A callback without the state cookie (forged, or another browser) changes nothing.
    const replay = await new Browser(stack.gateway.url).fetch(`${callback.pathname}${callback.search}`);
    expect(replay.status).toBe(401);
    const stale = await other.fetch(`${callback.pathname}${callback.search}`);
    expect(stale.headers.get('location')).toMatch(/^\/me\/notifications\?error=/);
  });

  it('bad input: a bad address, a forged or expired link, a link of the other kind, an old confirmation → 4xx naming the field; nothing appended', async () => {
    const before = await stack.store.headPosition();
    const bad = await member.api('/api/me/notifications/email', { method: 'PUT', body: { email: 'mia@' } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_COMMAND', field: 'email' } });
    const nul = await member.api('/api/me/notifications/email', { method: 'PUT', body: { email: 'mia\u0000@example.test' } });
    expect(nul.status).toBe(400);
    for (const body of [{ enabled: 'yes' }, { enabled: null }, {}, { enabled: false, extra: 1 }]) {
      const notBool = await member.api('/api/me/notifications/email/enabled', { method: 'PUT', body });
      expect(notBool.status, JSON.stringify(body)).toBe(400);
      expect(await json(notBool)).toMatchObject({ error: { code: 'INVALID_COMMAND' } });
    }
    const notBoolField = await member.api('/api/me/notifications/email/enabled', { method: 'PUT', body: { enabled: 'yes' } });
    expect(await json(notBoolField)).toMatchObject({ error: { field: 'enabled' } });
    const anon = new Browser(stack.gateway.url);
    const forged = await anon.api('/api/notifications/email/unsubscribe', { body: { token: signLink('another-secret-0123456789', { p: 'unsubscribe', u: memberId }) } });
    expect(forged.status).toBe(400);
    expect(await json(forged)).toMatchObject({ error: { code: 'LINK_INVALID', field: 'token' } });
    const expired = await anon.api('/api/notifications/email/confirm', { body: { token: signLink(DEMO_LINK_SECRET, { p: 'confirm', u: memberId, c: 'whatever-id', x: 1000 }) } });
    expect(expired.status).toBe(410);
    expect(await json(expired)).toMatchObject({ error: { code: 'LINK_EXPIRED' } });
    const wrongKind = await anon.api('/api/notifications/email/confirm', { body: { token: signLink(DEMO_LINK_SECRET, { p: 'unsubscribe', u: memberId }) } });
    expect(wrongKind.status).toBe(400);
    const garbage = await anon.api('/api/notifications/email/unsubscribe', { body: { token: 'not.a.token.at.all' } });
    expect(garbage.status).toBe(400);
    const missing = await anon.api('/api/notifications/email/unsubscribe', { body: {} });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toMatchObject({ error: { field: 'token' } });
    expect(await stack.store.headPosition()).toBe(before);
    const old = await anon.api('/api/notifications/email/confirm', { body: { token: signLink(DEMO_LINK_SECRET, { p: 'confirm', u: '999999999999999999', c: 'never-sent-id', x: Math.floor(Date.now() / 1000) + 60 }) } });
    expect(old.status).toBe(410);
    expect(await json(old)).toMatchObject({ error: { code: 'CONFIRMATION_UNKNOWN' } });
    expect((await new Browser(stack.gateway.url).api('/api/me/notifications/email')).status).toBe(401);
  });

  it('admins see the guild\'s deliveries and failures (a down SMTP server: retrying with its next attempt); moderators may not', async () => {
    const decide = notificationsHandler(stack.store);
    const cmd = (type: string, payload: unknown) => {
      const id = newId();
      return decide({ id, type, issuedAt: new Date().toISOString(), guildId: stack.guildId, actor: { kind: 'system', id: 'notifier', name: 'Notifier' }, source: 'api', correlationId: id, causationId: null, payload });
    };
    const nid = `n-${newId()}`;
    await cmd('QueueNotification', {
      notificationId: nid, kind: 'appeal-decided', recipient: { channel: 'email', userId: memberId, email: 'mia@example.test' },
      content: { subject: 'Your appeal', text: 'approved', html: '<p>approved</p>' }, trigger: { eventId: 'e1', type: 'AppealDecided' }, retry: { maxAttempts: 5, backoffMs: [60_000] },
    });
    await cmd('RecordNotificationAttemptFailed', { notificationId: nid, attempt: 1, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED 127.0.0.1:2525' });
    const path = `/api/guilds/${stack.guildId}/notifications?status=failing`;
    const body = await eventually(async () => {
      const b = await json(await admin.api(path));
      return (b.deliveries as { items: unknown[] } | undefined)?.items.length ? b : undefined;
    }, 20_000, 'the failing delivery in the read model');
    expect(body.counts).toEqual({ queued: 0, retrying: 1, sent: 0, givenUp: 0 });
    expect((body.deliveries as { items: Json[] }).items[0]).toMatchObject({ notificationId: nid, channel: 'email', status: 'retrying', attempts: 1, lastCode: 'SMTP_UNREACHABLE', nextAttemptAt: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('mia@example.test');
    expect((await moderator.api(path)).status).toBe(403);
    const badQuery = await admin.api(`/api/guilds/${stack.guildId}/notifications?status=lost`);
    expect(badQuery.status).toBe(400);
    expect(await json(badQuery)).toMatchObject({ error: { code: 'INVALID_QUERY', field: 'status' } });
  });
});
