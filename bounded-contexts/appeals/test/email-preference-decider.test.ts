import { DeciderSpecification, ERASED, type CommandEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { emailPreferenceCommands, emailPreferenceDecider, emailPreferenceSlice, emailRecipient, type EmailPreferenceCommand, type EmailPreferenceEvent } from '../src/index.js';
import { signLink, verifyLink } from '../src/notification/links.js';

const NOW = '2026-12-03T12:00:00.000Z';
const U = '300';
const spec = DeciderSpecification.for(emailPreferenceDecider);

const command = <T extends keyof typeof emailPreferenceCommands>(type: T, payload: z.input<(typeof emailPreferenceCommands)[T]>, id = 'cmd-00000001'): EmailPreferenceCommand => {
  const envelope: CommandEnvelope = { id, type, issuedAt: NOW, guildId: '0', actor: { kind: 'dashboard-user', id: U, name: 'Mia' }, source: 'web', correlationId: id, causationId: null, payload };
  return emailPreferenceSlice.toCommand(envelope);
};

const requested: EmailPreferenceEvent = { type: 'EmailConfirmationRequested', data: { userId: U, email: 'mia@example.test', confirmationId: 'cmd-00000001', requestedAt: NOW } };
const confirmed: EmailPreferenceEvent = { type: 'EmailAddressConfirmed', data: { userId: U, email: 'mia@example.test', via: 'link', confirmedAt: NOW } };
const enabled: EmailPreferenceEvent = { type: 'EmailNotificationsEnabled', data: { userId: U, enabledAt: NOW } };

describe('email preference decider', () => {
  it('a typed address waits for its link; following the link confirms it and opts in', () => {
    spec.given([]).when(command('SetEmailAddress', { userId: U, email: ' mia@example.test ' })).then([requested]);
    spec.given([requested]).when(command('ConfirmEmailAddress', { userId: U, confirmationId: 'cmd-00000001' })).then([confirmed, enabled]);
    const state = [requested, confirmed, enabled].reduce(emailPreferenceDecider.evolve, emailPreferenceDecider.initialState());
    expect(emailRecipient(state)).toBe('mia@example.test');
  });

  it('a forgotten member (their key destroyed: the address reads as erased) has no address: nothing is mailed, a pending link no longer confirms', () => {
    const erase = <E extends EmailPreferenceEvent>(e: E): E => ({ ...e, data: { ...e.data, email: ERASED } });
    const state = [erase(requested), erase(confirmed), enabled].reduce(emailPreferenceDecider.evolve, emailPreferenceDecider.initialState());
    expect(state).toMatchObject({ email: null, pending: null, enabled: true });
    expect(emailRecipient(state)).toBeUndefined();
    spec.given([erase(requested)]).when(command('ConfirmEmailAddress', { userId: U, confirmationId: 'cmd-00000001' })).thenRejects('CONFIRMATION_UNKNOWN');
  });

  it('an address from Discord\'s email scope is confirmed at once', () => {
    spec.given([]).when(command('SetEmailAddress', { userId: U, email: 'mia@example.test', verifiedByDiscord: true })).then([
      { type: 'EmailAddressConfirmed', data: { userId: U, email: 'mia@example.test', via: 'discord', confirmedAt: NOW } },
      enabled,
    ]);
  });

  it('an old or unknown link is refused; a used one changes nothing', () => {
    spec.given([requested]).when(command('ConfirmEmailAddress', { userId: U, confirmationId: 'someone-else' })).thenRejects('CONFIRMATION_UNKNOWN');
    spec.given([]).when(command('ConfirmEmailAddress', { userId: U, confirmationId: 'cmd-00000001' })).thenRejects('CONFIRMATION_UNKNOWN');
    spec.given([requested, confirmed, enabled]).when(command('ConfirmEmailAddress', { userId: U, confirmationId: 'cmd-00000001' })).then([]);
  });

  it('unsubscribing opts out; opting in needs a confirmed address', () => {
    spec.given([requested, confirmed, enabled]).when(command('SetEmailNotifications', { userId: U, enabled: false, via: 'unsubscribe-link' })).then([
      { type: 'EmailNotificationsDisabled', data: { userId: U, via: 'unsubscribe-link', disabledAt: NOW } },
    ]);
    spec.given([requested]).when(command('SetEmailNotifications', { userId: U, enabled: true })).thenRejects('EMAIL_NOT_CONFIRMED');
  });

  it('refuses a malformed address naming the field', () => {
    expect(() => command('SetEmailAddress', { userId: U, email: 'mia@' })).toThrow(/payload.email: must be an email address/);
  });
});

describe('signed links', () => {
  const secret = 'a-secret-of-sixteen-chars';
  it('round-trips, refuses a changed token or another secret, and expires confirmations', () => {
    const t = signLink(secret, { p: 'unsubscribe', u: U });
    expect(verifyLink(secret, t)).toEqual({ ok: true, payload: { p: 'unsubscribe', u: U } });
    expect(verifyLink('another-secret-of-16', t)).toMatchObject({ ok: false, code: 'LINK_INVALID' });
    const forged = `${Buffer.from(JSON.stringify({ p: 'unsubscribe', u: '999' })).toString('base64url')}.${t.split('.')[1]}`;
    expect(verifyLink(secret, forged)).toMatchObject({ ok: false, code: 'LINK_INVALID' });
    const c = signLink(secret, { p: 'confirm', u: U, c: 'x', x: 1000 });
    expect(verifyLink(secret, c, new Date(2_000_000))).toMatchObject({ ok: false, code: 'LINK_EXPIRED' });
  });
});
