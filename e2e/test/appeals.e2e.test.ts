import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../src/chromium.js';
import { watchErrors } from '../src/console-errors.js';
import { logInAs } from '../src/login.js';
import { horizontalOverflow, seriousViolations, settle } from '../src/page-checks.js';
import { startStack, type Stack } from '../src/stack.js';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '@guildhall/mail-catcher';
import { ensureUiBuilt } from '../src/ui-build.js';

const skip = !hasChromium();
if (skip) console.warn(`e2e skipped: no Chromium at ${CHROMIUM}`);

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const MEMBER_EMAIL = 'banned-member@e2e.test';
const recipientOf = (m: CaughtMail): string | undefined => (Array.isArray(m.to) ? m.to[0]?.text : m.to?.text);

/**
 * An appeal, end to end in Chromium against the whole stack: a member banned with /ban signs in
 * through the sandbox (banned, gone from the guild, no Guildhall level), sees the case on their
 * phone in the dark theme and appeals; the banning moderator cannot decide and is told why;
 * another moderator takes it and approves; the sandbox shows the member unbanned and the member
 * sees the answer. Each page: no serious or critical axe-core violation, no sideways overflow at 360 px.
 * The notifier runs beside it, sending to a real SMTP server in this process: the member opts in
 * to email (confirmed by the mailed link) and gets the decision by email. Their DMs cannot be
 * delivered: banned, they share no server with the bot, so Discord (the sandbox alike) refuses
 * with 50007, and the admins see that failure. A member who does share a server with the bot (a
 * timeout) gets the decision as a DM.
 */
describe.skipIf(skip)('appeals in Chromium', () => {
  let stack: Stack;
  let smtp: SmtpCatcher;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let base: string;
  let memberId: string;
  let caseNumber = 0;
  const g = () => stack.guildId;
  const errors: string[] = [];
  /** Set while a step asks for a refusal on purpose (the banning moderator's decision: 403). */
  let refusalExpected: RegExp | null = null;
  const watch = (p: Page) =>
    watchErrors(p, {
      base,
      sink: errors,
      // Before sign-in the login page asks /api/me, which answers 401 by design.
      expected: (text, url) => (/status of 401/.test(text) && new URL(url).pathname === '/api/me') || (refusalExpected !== null && /status of 403/.test(text) && refusalExpected.test(url)),
    });
  const open = async (viewport: { width: number; height: number }): Promise<Page> => {
    const ctx = await browser.newContext({ viewport, bypassCSP: true });
    contexts.push(ctx);
    const p = await ctx.newPage();
    watch(p);
    return p;
  };
  const checkPage = async (p: Page, name: string) => {
    await settle(p);
    const violations = await seriousViolations(p);
    expect(violations.map((v) => `${name}: ${v.id} ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
    if (p.viewportSize()!.width <= 360) expect(await horizontalOverflow(p), `${name} overflows sideways at 360 px`).toBeLessThanOrEqual(0);
  };

  beforeAll(async () => {
    const uiDist = ensureUiBuilt();
    smtp = await startSmtpCatcher();
    stack = await startStack('appeals', { uiDist, slashCommands: true, notifier: { smtpUrl: smtp.url } });
    base = stack.gateway.deps.publicUrl;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
    await smtp?.stop();
  });
  /** The first message the SMTP server received for `to` whose subject matches, once it came. */
  const mailTo = async (to: string, subject: string | RegExp): Promise<CaughtMail> => {
    const find = () => smtp.mails.find((m) => recipientOf(m) === to && (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject ?? '')));
    await expect.poll(find, { timeout: 30_000 }).toBeDefined();
    return find()!;
  };

  it('a moderator bans a member with /ban in Discord', async () => {
    const world = stack.sandbox.world;
    const people = world.people(g());
    memberId = people.members[10]!;
    const channelId = world.channelByName(g(), 'mod-chat').id;
    // The bot registers its commands once it is ready in the guild: until then the sandbox answers "Unknown application command".
    const invoke = () => {
      try {
        return world.invokeCommand({ guildId: g(), channelId, userId: people.moderators[0]!, command: 'ban', options: [{ name: 'user', value: memberId }, { name: 'reason', value: 'e2e: spam links' }] }).id;
      } catch {
        return undefined;
      }
    };
    await expect.poll(invoke, { timeout: 60_000 }).toBeDefined();
    await expect.poll(() => world.bans(g()).some((b) => b.user.id === memberId), { timeout: 30_000 }).toBe(true);
  }, 120_000);

  it('the banned member signs in on a phone, sees the case in the dark theme, and appeals', async () => {
    const p = await open(PHONE);
    await logInAs(p, stack, memberId);
    await p.goto(`${base}/settings`);
    await p.getByRole('heading', { name: 'Settings' }).waitFor();
    await p.locator('label.pill', { hasText: /^Dark$/ }).click();
    await expect.poll(() => p.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await p.getByRole('link', { name: 'My record' }).click();
    await p.getByRole('heading', { name: 'My record' }).waitFor();
    const card = p.locator('li.my-case', { hasText: 'ban' }).first();
    await card.waitFor({ timeout: 30_000 });
    caseNumber = Number(/Case #(\d+)/.exec((await card.locator('h3').textContent()) ?? '')?.[1]);
    expect(caseNumber).toBeGreaterThan(0);
    expect(await card.textContent()).toContain('e2e: spam links');
    await checkPage(p, 'my record (phone, dark)');
    await card.getByRole('button', { name: 'Appeal' }).click();
    await card.getByLabel('Why should the moderators reconsider?').fill('Someone used my account while I was away. I changed my password.');
    await checkPage(p, 'appeal form (phone, dark)');
    await card.getByRole('button', { name: 'Send appeal' }).click();
    await expect.poll(() => card.getByTestId('appeal-state').textContent(), { timeout: 30_000 }).toContain('submitted');
  }, 120_000);

  it('the member opts in to email on /me/notifications and confirms the address by the link the SMTP server received', async () => {
    // A second tab of the member's phone: the first stays on their record for the later steps.
    const p = await contexts[0]!.newPage();
    watch(p);
    await p.goto(`${base}/me/notifications`);
    const form = p.locator('form[aria-labelledby="email-notifications-heading"]');
    await form.waitFor({ timeout: 20_000 });
    await form.getByLabel('Email address').fill(MEMBER_EMAIL);
    await form.getByRole('button', { name: 'Send confirmation link' }).click();
    await expect.poll(() => form.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain(`We sent a confirmation link to ${MEMBER_EMAIL}`);
    await checkPage(p, 'notifications (phone, dark)');
    const mail = await mailTo(MEMBER_EMAIL, /confirm/i);
    const link = /(\S+\/notifications\/confirm\?token=[^\s"<]+)/.exec(mail.text ?? '')?.[1];
    expect(link, `a confirmation link in: ${mail.text}`).toBeDefined();
    expect(link!.startsWith(`${base}/notifications/confirm?token=`)).toBe(true);
    expect(mail.html).toContain(link!.replace(/&/g, '&amp;'));
    await p.goto(link!);
    await p.getByRole('heading', { name: 'Confirm your email address' }).waitFor();
    await checkPage(p, 'email confirmation link (phone, dark)');
    await p.getByRole('button', { name: 'Confirm this address' }).click();
    await p.getByText('Your address is confirmed').waitFor({ timeout: 20_000 });
    await p.goto(`${base}/me/notifications`);
    await expect.poll(() => form.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain(`Emails go to ${MEMBER_EMAIL}: on.`);
    await p.close();
  }, 120_000);

  it('the banning moderator cannot decide it, and is told why', async () => {
    const p = await open(DESKTOP);
    await logInAs(p, stack, stack.sandbox.world.people(g()).moderators[0]!);
    await p.goto(`${base}/g/${g()}/appeals`);
    await p.getByRole('heading', { name: 'Appeals' }).waitFor();
    const card = p.locator('li.appeal', { hasText: `Case #${caseNumber}` });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('You issued this sanction');
    await checkPage(p, 'review queue');
    await p.setViewportSize(PHONE);
    await checkPage(p, 'review queue (phone)');
    await p.setViewportSize(DESKTOP);
    await card.getByLabel('Reason (the member sees it)').fill('Looks fine to me');
    refusalExpected = /\/appeals\/[^/]+\/decision$/;
    await card.getByRole('button', { name: 'Send decision' }).click();
    await expect.poll(() => card.locator('.error').first().textContent(), { timeout: 15_000 }).toContain('REVIEWER_IS_CASE_MODERATOR');
    refusalExpected = null;
    expect(stack.sandbox.world.bans(g()).some((b) => b.user.id === memberId)).toBe(true);
  }, 120_000);

  it('another moderator takes it and approves: the sandbox shows the member unbanned, the member sees the answer', async () => {
    const p = await open(DESKTOP);
    await logInAs(p, stack, stack.sandbox.world.people(g()).moderators[1]!);
    await p.goto(`${base}/g/${g()}/appeals`);
    const card = p.locator('li.appeal', { hasText: `Case #${caseNumber}` });
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('under review');
    await card.getByLabel('Reason (the member sees it)').fill('The account was compromised; welcome back.');
    await card.getByRole('button', { name: 'Send decision' }).click();
    await expect.poll(() => stack.sandbox.world.bans(g()).some((b) => b.user.id === memberId), { timeout: 30_000 }).toBe(false);
    // The case page shows the appeal and its decision beside the timeline.
    await p.goto(`${base}/g/${g()}/cases/${caseNumber}`);
    await expect.poll(() => p.locator('section[aria-labelledby="case-appeals-title"]').textContent(), { timeout: 20_000 }).toContain('approved');
    // And the timeline itself: the appeal's steps among the case's, the lift naming the appeal, the statement for this moderator.
    const timeline = p.getByRole('list', { name: `Timeline of case #${caseNumber}` });
    await expect.poll(() => timeline.textContent(), { timeout: 20_000 }).toContain('lifted by appeal #1');
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('The member submitted appeal #1');
    expect(text).toContain('Appeal #1 approved: “The account was compromised; welcome back.”');
    expect(text).toContain('Someone used my account while I was away.');
    expect(await timeline.locator('li[data-stream="appeal"]').count()).toBe(3);
    await timeline.getByRole('link', { name: 'See appeal #1' }).waitFor();
    await checkPage(p, 'case with its appeal');
    const member = contexts[0]!.pages()[0]!;
    await member.reload();
    const mine = member.locator('li.my-case', { hasText: `Case #${caseNumber}` });
    await expect.poll(() => mine.getByTestId('appeal-state').textContent(), { timeout: 30_000 }).toContain('The account was compromised; welcome back.');
    expect(await mine.getByTestId('appeal-state').textContent()).toContain('approved');
  }, 120_000);

  it('the SMTP server received the decision email, with text and HTML parts naming the decision and the reason', async () => {
    const mail = await mailTo(MEMBER_EMAIL, `Your appeal of case #${caseNumber} was approved`);
    expect(mail.text).toContain(`Your appeal of case #${caseNumber} in server ${g()} was approved.`);
    expect(mail.text).toContain('Reason: The account was compromised; welcome back.');
    expect(mail.text).toContain('Your ban is lifted.');
    expect(mail.html).toContain('<p>Reason: The account was compromised; welcome back.</p>');
    expect(mail.html).toContain('was approved');
    expect(smtp.mails.filter((m) => m.subject === mail.subject)).toHaveLength(1);
  }, 60_000);

  it("the decision's DM to the banned member fails with Discord's 50007 (no shared server), and the admins see it", async () => {
    // Banned, then unbanned: not back in the guild, and in no other server of the bot, so there is no one to DM.
    expect(stack.sandbox.world.state.dmChannelByUser.has(memberId) && stack.sandbox.world.messages(stack.sandbox.world.state.dmChannelByUser.get(memberId)!).length > 0).toBe(false);
    const p = await open(DESKTOP);
    await logInAs(p, stack, stack.sandbox.world.people(g()).owner);
    await p.goto(`${base}/g/${g()}/notifications`);
    await p.getByRole('heading', { name: 'Notifications' }).waitFor();
    const row = p.locator('tr', { hasText: `Appeal of case #${caseNumber}: approved` });
    await expect.poll(async () => { await p.reload(); return row.textContent(); }, { timeout: 30_000 }).toContain('given-up');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('DM');
    expect(text).toContain(memberId);
    expect(text).toContain('DISCORD_50007');
    await checkPage(p, 'notification deliveries');
  }, 120_000);

  it('a member who shares a server with the bot (timed out, not banned) gets the decision as a DM in the sandbox', async () => {
    const world = stack.sandbox.world;
    const timedOut = world.people(g()).members[0]!;
    const owner = await open(DESKTOP);
    await logInAs(owner, stack, world.people(g()).owner);
    const headers = { 'x-guildhall-csrf': '1' };
    const sanction = await owner.request.post(`${base}/api/guilds/${g()}/commands/moderation/TimeoutMember`, { data: { target: { id: timedOut, name: null }, reason: 'e2e: flooding', durationSeconds: 3600 }, headers });
    expect(sanction.status()).toBe(200);
    const member = await open(DESKTOP);
    await logInAs(member, stack, timedOut);
    const found = async () => {
      const res = await member.request.get(`${base}/api/me/cases`);
      const body = (await res.json()) as { cases: { guildId: string; caseNumber: number; type: string }[] };
      return body.cases.find((c) => c.guildId === g() && c.type === 'timeout')?.caseNumber;
    };
    await expect.poll(found, { timeout: 30_000 }).toBeDefined();
    const timeoutCase = (await found())!;
    const submitted = await member.request.post(`${base}/api/me/appeals`, { data: { guildId: g(), caseNumber: timeoutCase, statement: 'It was a misunderstanding in a heated thread.' }, headers });
    expect(submitted.status()).toBe(201);
    const { appealId } = (await submitted.json()) as { appealId: string };
    const reviewer = await open(DESKTOP);
    await logInAs(reviewer, stack, world.people(g()).moderators[1]!);
    expect((await reviewer.request.post(`${base}/api/guilds/${g()}/appeals/${appealId}/assign`, { headers })).status()).toBe(200);
    const decided = await reviewer.request.post(`${base}/api/guilds/${g()}/appeals/${appealId}/decision`, { data: { decision: 'approved', reason: 'Fair enough: the thread was heated on both sides.' }, headers });
    expect(decided.status()).toBe(200);
    const dm = () => {
      const channelId = world.state.dmChannelByUser.get(timedOut);
      return channelId ? world.messages(channelId).find((m) => m.content.includes(`Your appeal of case #${timeoutCase}`)) : undefined;
    };
    await expect.poll(dm, { timeout: 30_000 }).toBeDefined();
    const message = dm()!;
    expect(message.content).toContain(`Your appeal of case #${timeoutCase} in server ${g()} was approved.`);
    expect(message.content).toContain('Reason: Fair enough: the thread was heated on both sides.');
    expect(message.content).toContain('Your timeout is removed.');
    expect(message.author.bot).toBe(true);
  }, 120_000);

  it("the guild's owner sets the appeal questions on a phone in the dark theme; the member's form asks them", async () => {
    const p = await open(PHONE);
    await logInAs(p, stack, stack.sandbox.world.people(g()).owner);
    await p.goto(`${base}/settings`);
    await p.locator('label.pill', { hasText: /^Dark$/ }).click();
    await expect.poll(() => p.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await p.goto(`${base}/g/${g()}/appeals`);
    const form = p.locator('form[aria-labelledby="appeal-settings-title"]');
    await form.waitFor({ timeout: 20_000 });
    await checkPage(p, 'appeal settings (phone, dark)');
    await form.getByLabel('Questions on the appeal form (one per line, up to 10)').fill('What happened?');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Saved.').waitFor({ timeout: 15_000 });
    // The member's other case (a warn from the API) now asks the question.
    const res = await p.request.post(`${base}/api/guilds/${g()}/commands/moderation/WarnMember`, { data: { target: { id: memberId, name: null }, reason: 'e2e: caps' }, headers: { 'x-guildhall-csrf': '1' } });
    expect(res.status()).toBe(200);
    const member = contexts[0]!.pages()[0]!;
    const warn = member.locator('li.my-case', { hasText: 'e2e: caps' });
    await expect.poll(async () => { await member.reload(); return warn.count(); }, { timeout: 30_000 }).toBe(1);
    await warn.getByRole('button', { name: 'Appeal' }).click();
    await warn.getByLabel('What happened?').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
