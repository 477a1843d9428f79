import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../src/chromium.js';
import { watchErrors } from '../src/console-errors.js';
import { focused, tabTo } from '../src/keyboard.js';
import { logInAs, logInAsModerator } from '../src/login.js';
import { horizontalOverflow, seriousViolations, settle, type AxeViolation } from '../src/page-checks.js';
import { startStack, type Stack } from '../src/stack.js';
import { ensureUiBuilt } from '../src/ui-build.js';

const skip = !hasChromium();
const streamText = async (s: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
};
if (skip) {
  console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

/** Screenshots for docs/user-guide.md, rewritten by every run. */
const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

/**
 * A person's path through the dashboard, in a real browser against the whole stack, at 1280 and
 * 360 px: log in through the sandbox's Discord sign-in page as a moderator, ban by keyboard
 * alone, see a case arrive live, replay a case step by step, bulk-time-out three members and see
 * each outcome, switch to dark mode; then every page in both themes at both widths: no serious
 * or critical axe-core violation, no sideways overflow on the phone, no console error.
 */
describe.skipIf(skip)('dashboard in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  /** The guild's owner, signed in beside the moderator: the tour sees the admin pages and forms too. */
  let ownerDesktop: BrowserContext;
  let owner: Page;
  let base: string;
  let caseNumber = 0;
  let bannedId = '';
  const errors: string[] = [];
  // From the moment the moderator is signed in (before, /api/me answers 401 by design, and the
  // sandbox's own sign-in page is not ours), every error on our origin counts.
  let signedIn = false;
  const watch = (p: Page) => watchErrors(p, { base, sink: errors, counting: () => signedIn });
  const g = () => stack.guildId;
  const api = (p: Page, path: string, body: unknown) =>
    p.request.post(`${base}${path}`, { data: body, headers: { 'x-guildhall-csrf': '1', 'content-type': 'application/json' } });
  const shot = async (p: Page, name: string) => {
    const { width } = p.viewportSize()!;
    const theme = await p.evaluate<string>(`document.documentElement.dataset.theme ?? 'light'`);
    await p.screenshot({ path: `${IMAGES}${name}-${width}-${theme}.png` });
  };
  /** Visible controls less than 44 px tall (the touch-target size on phones). */
  const smallTargets = (p: Page) =>
    p.evaluate<{ what: string; h: number }[]>(`[...document.querySelectorAll('button, a.button, nav a, select, input:not([type=checkbox]):not([type=radio]), .pill, summary')]
        .filter((el) => el.offsetParent !== null && !el.closest('.sr-only'))
        .map((el) => ({ what: el.tagName + ' ' + (el.textContent ?? '').trim().slice(0, 30), h: el.getBoundingClientRect().height }))
        .filter((t) => t.h < 44)`);
  const setTheme = async (p: Page, label: 'Light' | 'Dark') => {
    await p.goto(`${base}/settings`);
    await p.getByRole('heading', { name: 'Settings' }).waitFor();
    await p.locator('label.pill', { hasText: new RegExp(`^${label}$`) }).click();
    await expect.poll(() => p.evaluate<string>('document.documentElement.dataset.theme')).toBe(label.toLowerCase());
  };

  beforeAll(async () => {
    mkdirSync(IMAGES, { recursive: true });
    const uiDist = ensureUiBuilt();
    // Slash commands on: the Report message context menu is registered with them.
    stack = await startStack('e2e', { uiDist, slashCommands: true });
    base = stack.gateway.deps.publicUrl;
    browser = await launchChromium();
    // axe-core is injected by the test (it evaluates code the product's CSP rightly forbids); the
    // dashboard itself has no inline script, which ui/test/csp.test.ts holds it to.
    desktop = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    page = await desktop.newPage();
    watch(page);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('logs in through the sandbox as a moderator and shows the overview, live', async () => {
    await page.goto(base);
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Guildhall' }).waitFor();
    await shot(page, 'login');
    const t0 = Date.now();
    await logInAsModerator(page, stack);
    signedIn = true;
    // Figures, not limits: how long the stack took to have the guild in its read models, and the sign-in.
    console.info(`e2e: main guild listable ${stack.readiness.guildListedMs} ms and its snapshot read ${stack.readiness.readyMs} ms after the services started; sign-in took ${Date.now() - t0} ms`);
    await page.locator('.guild-card', { hasText: 'Guildhall Sandbox' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // Members come from the bot's facts through the community context and the overview projection.
    const members = page.locator('.stat', { hasText: 'members' }).locator('.stat-value');
    await expect.poll(async () => Number(await members.textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.stat', { hasText: 'bot' }).textContent(), { timeout: 30_000 }).toContain('ready');
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
    // Installable: a manifest, and a service worker that took control.
    expect((await page.request.get(`${base}/manifest.webmanifest`)).ok()).toBe(true);
    await expect.poll(() => page.evaluate<boolean>('navigator.serviceWorker.getRegistration().then((r) => Boolean(r?.active))'), { timeout: 10_000 }).toBe(true);
  }, 120_000);

  it('bans a member by keyboard alone; focus follows; the case page replays it step by step by keyboard', async () => {
    bannedId = stack.sandbox.world.people(g()).members[3]!;
    await tabTo(page, 'nav.side a[href$="/moderate"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Moderate a member' }).waitFor();
    // After navigating, focus is on the new page's heading.
    await expect.poll(() => focused(page)).toBe('h1: Moderate a member');
    await tabTo(page, 'input[name=action]');
    for (let i = 0; i < 8 && !(await page.locator('input[value=BanMember]').isChecked()); i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('input[value=BanMember]').isChecked()).toBe(true);
    await tabTo(page, 'input[name=targetId]');
    await page.keyboard.type(bannedId);
    await tabTo(page, 'textarea[name=reason]');
    await page.keyboard.type('e2e: spam links');
    await tabTo(page, 'button.primary');
    await page.keyboard.press('Enter');
    const result = page.locator('.case-result a');
    await result.waitFor({ timeout: 30_000 });
    caseNumber = Number((await result.textContent())!.replace(/\D/g, ''));
    expect(caseNumber).toBeGreaterThan(0);
    await tabTo(page, '.case-result a');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`Case #${caseNumber}`) }).waitFor();
    await expect.poll(() => focused(page)).toContain(`h1: Case #${caseNumber}`);
    // The bot carries the ban out in the sandbox; the page follows live.
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: 30_000 }).toContain('Discord did it');
    await expect.poll(() => page.locator('.replay').textContent(), { timeout: 10_000 }).toContain('replayed in your browser = read model');
    await tabTo(page, 'button[data-step=first]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('replay-position').textContent()).toContain('after event 1 of');
    await expect.poll(() => page.locator('.replay').textContent()).toContain('Case opened: ban');
    await tabTo(page, 'button[data-step=next]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('replay-position').textContent()).toContain('after event 2 of');
    expect(await page.getByTestId('replay-diff').textContent()).toContain('outcome');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('replay-position').textContent()).toContain('after event 3 of');
    await shot(page, 'case-replay');
    expect(stack.sandbox.world.bans(g()).some((b) => b.user.id === bannedId)).toBe(true);
  }, 120_000);

  it('shows a new case arriving live in the open list, and announces it politely', async () => {
    await page.locator('nav.side').getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await expect.poll(() => page.locator('table.cases').textContent(), { timeout: 20_000 }).toContain(`#${caseNumber}`);
    const target = stack.sandbox.world.people(g()).members[4]!;
    const res = await api(page, `/api/guilds/${g()}/commands/moderation/WarnMember`, { target: { id: target, name: 'live-arrival' }, reason: 'e2e: live' });
    expect(res.status()).toBe(200);
    const warned = ((await res.json()) as { caseNumber: number | null }).caseNumber;
    await expect.poll(() => page.locator('table.cases').textContent(), { timeout: 20_000 }).toContain('live-arrival');
    if (warned) await expect.poll(() => page.getByTestId('announcer').textContent(), { timeout: 5_000 }).toContain(`New case #${warned}`);
  }, 120_000);

  it('bulk-times-out three members by keyboard, after a confirmation, and shows each outcome live', async () => {
    const people = stack.sandbox.world.people(g()).members.slice(5, 8);
    for (const [i, id] of people.entries()) {
      const r = await api(page, `/api/guilds/${g()}/commands/moderation/WarnMember`, { target: { id, name: `bulk-${i + 1}` }, reason: 'e2e: before the bulk' });
      expect(r.status()).toBe(200);
    }
    for (const i of [1, 2, 3]) await expect.poll(() => page.locator('table.cases').textContent(), { timeout: 20_000 }).toContain(`bulk-${i}`);
    for (const i of [1, 2, 3]) {
      await tabTo(page, `input[aria-label^="Select bulk-${i} "]`, 120);
      await page.keyboard.press('Space');
    }
    await expect.poll(() => page.locator('.bulk-bar').textContent()).toContain('3 members selected');
    await tabTo(page, '.bulk-bar button[data-kind=timeout]', 200);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Time out 3 members/ });
    await dialog.waitFor();
    for (const i of [1, 2, 3]) expect(await dialog.textContent()).toContain(`bulk-${i}`);
    await shot(page, 'bulk-confirm');
    // Focus is inside the dialog; type the reason, then Tab to the confirmation.
    await tabTo(page, 'dialog textarea');
    await page.keyboard.type('e2e: bulk timeout');
    await tabTo(page, 'dialog button.primary');
    await page.keyboard.press('Enter');
    const progress = page.getByTestId('bulk-progress');
    await progress.waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page)).toContain('h2: Bulk time out');
    for (const id of people) {
      await expect.poll(() => progress.locator(`li[data-member="${id}"]`).textContent(), { timeout: 30_000 }).toMatch(/done\s*case #\d+/);
    }
    await expect.poll(() => progress.locator('h2').textContent(), { timeout: 20_000 }).toContain('3 of 3 finished');
    await shot(page, 'bulk-outcome');
  }, 120_000);

  it("bans from a member's profile: the form opens with the member and the action chosen", async () => {
    const target = stack.sandbox.world.people(g()).members[8]!;
    await page.goto(`${base}/g/${g()}/members/${target}`);
    await page.locator('main h1').waitFor();
    await tabTo(page, 'main a.button[href*="action=BanMember"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Moderate a member' }).waitFor();
    expect(await page.locator('input[value=BanMember]').isChecked()).toBe(true);
    expect(await page.locator('input[name=targetId]').inputValue()).toBe(target);
    await tabTo(page, 'button.primary');
    await page.keyboard.press('Enter');
    await page.locator('.case-result a').waitFor({ timeout: 30_000 });
    await expect.poll(() => stack.sandbox.world.bans(g()).some((b) => b.user.id === target), { timeout: 30_000 }).toBe(true);
  }, 120_000);

  it("a member's report from Discord waits in Reports; Ban… opens the form with the member and the report; the ban resolves it", async () => {
    const [author, reporter] = stack.sandbox.world.people(g()).members.slice(14, 16) as [string, string];
    const general = stack.sandbox.world.channelByName(g(), 'general').id;
    const message = stack.sandbox.world.sendMessage({ channelId: general, userId: author, content: 'free nitro, click here' });
    // The registration runs after READY: wait for the context menu to exist.
    await expect.poll(() => [...stack.sandbox.world.mainGuild().commands.values()].some((c) => c.name === 'Report message'), { timeout: 30_000 }).toBe(true);
    const view = stack.sandbox.world.invokeContextMenu({ guildId: g(), channelId: general, userId: reporter, command: 'Report message', targetId: message.id });
    // The pick opens the reason form (a modal); the member types why and submits it.
    await expect.poll(() => stack.sandbox.world.interaction(view.id).responses.some((r) => r.type === 9), { timeout: 30_000 }).toBe(true);
    const form = stack.sandbox.world.interaction(view.id).responses.find((r) => r.type === 9)!.data as { custom_id: string };
    const submit = stack.sandbox.world.submitModal({ guildId: g(), channelId: general, userId: reporter, customId: form.custom_id, fields: [{ customId: 'reason', value: 'a fake nitro link' }] });
    await expect.poll(() => stack.sandbox.world.interaction(submit.id).original?.content ?? '', { timeout: 30_000 }).toMatch(/^✅ Reported to the moderators/);
    await page.goto(`${base}/g/${g()}/reports`);
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByText('free nitro, click here').waitFor({ timeout: 30_000 });
    await page.getByText('a fake nitro link').waitFor();
    await shot(page, 'reports-queue');
    await page.locator('main a.button[href*="action=BanMember"]').first().click();
    await page.getByRole('heading', { name: 'Moderate a member' }).waitFor();
    expect(await page.locator('input[name=targetId]').inputValue()).toBe(author);
    await page.getByText("Acting on a member's report").waitFor();
    await page.locator('button.primary').click();
    await page.locator('.case-result a').waitFor({ timeout: 30_000 });
    await page.goto(`${base}/g/${g()}/reports`);
    await page.getByRole('button', { name: 'Resolved' }).click();
    await page.getByText(/Acted: case #\d+/).first().waitFor({ timeout: 30_000 });
  }, 120_000);

  it('finds a member by name in the member list and opens their profile', async () => {
    const target = stack.sandbox.world.people(g()).members[9]!;
    const u = stack.sandbox.world.state.user(target);
    await page.locator('nav.side').getByRole('link', { name: 'Members', exact: true }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await expect.poll(() => page.locator('table.members tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    const box = page.getByRole('searchbox', { name: 'Name, nickname or id' });
    await box.fill(u.username);
    await box.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(u.username);
    const row = page.locator('table.members tbody tr', { hasText: target });
    await row.waitFor({ timeout: 10_000 });
    expect(await page.locator('table.members tbody tr').count()).toBeLessThan(10);
    await shot(page, 'members-search');
    await row.getByRole('link').click();
    await page.locator('main h1').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/g/${g()}/members/${target}`);
    // The profile's actions open the moderation form for this member.
    expect(await page.locator('main a.button[href*="action=TimeoutMember"]').count()).toBe(1);
  }, 120_000);

  it('exports the audit log and the cases with the filters shown, as CSV and NDJSON', async () => {
    await page.goto(`${base}/g/${g()}/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Event type').fill('CaseOpened');
    await page.getByRole('button', { name: 'Apply' }).click();
    const [ndjson] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export NDJSON/ }).click()]);
    expect(ndjson.suggestedFilename()).toBe(`audit-log-${g()}.ndjson`);
    const lines = (await streamText(await ndjson.createReadStream())).trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.type === 'CaseOpened')).toBe(true);
    await page.goto(`${base}/g/${g()}/cases?type=ban`);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV/ }).click()]);
    expect(csv.suggestedFilename()).toBe(`cases-${g()}.csv`);
    const rows = (await streamText(await csv.createReadStream())).trim().split('\r\n');
    expect(rows[0]).toMatch(/^caseNumber,type,status/);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r.split(',')[1] === 'ban')).toBe(true);
    await expect.poll(() => page.locator('.export').textContent()).toContain('Exported CSV');
  }, 120_000);

  it('charts messages per day and per channel from what members post in Discord', async () => {
    const general = stack.sandbox.world.channelByName(g(), 'general').id;
    for (const [i, id] of stack.sandbox.world.people(g()).members.slice(10, 13).entries()) {
      const r = await fetch(`${stack.sandbox.url}/_sandbox/act/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channelId: general, userId: id, content: `e2e hello ${i}` }) });
      expect(r.status).toBeLessThan(300);
    }
    await page.goto(`${base}/g/${g()}/analytics`);
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    const perChannel = page.locator('table.per-channel');
    await expect.poll(async () => ((await perChannel.count()) ? await perChannel.textContent() : ''), { timeout: 30_000 }).toMatch(/#general\s*[3-9]/);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV of messages per channel' }).click()]);
    expect((await streamText(await csv.createReadStream())).split('\r\n')[0]).toBe('channel_id,channel,messages');
  }, 120_000);

  it("purges one member's recent messages from their profile by keyboard, after a confirmation, and sees Discord's count", async () => {
    const random = stack.sandbox.world.channelByName(g(), 'random').id;
    const [spammer, bystander] = stack.sandbox.world.people(g()).members.slice(14, 16) as [string, string];
    const post = async (userId: string, content: string) => {
      const r = await fetch(`${stack.sandbox.url}/_sandbox/act/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channelId: random, userId, content }) });
      expect(r.status).toBeLessThan(300);
      return ((await r.json()) as { id: string }).id;
    };
    const posted = [await post(spammer, 'buy now 1'), await post(bystander, 'hello'), await post(spammer, 'buy now 2'), await post(spammer, 'buy now 3')];
    await page.goto(`${base}/g/${g()}/members/${spammer}`);
    await page.locator('main h1').waitFor();
    await tabTo(page, 'main button[data-action=purge]');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /recent messages/ }).waitFor();
    await tabTo(page, 'dialog select[name=purgeChannel]');
    await page.selectOption('dialog select[name=purgeChannel]', random);
    await tabTo(page, 'dialog input[name=purgeCount]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    await tabTo(page, 'dialog textarea[name=purgeReason]');
    await page.keyboard.type('e2e: spam wave');
    expect(await seriousViolations(page)).toEqual([]);
    await tabTo(page, 'dialog button[type=submit]');
    await page.keyboard.press('Enter');
    // The confirmation says what goes; focus is on its "Yes".
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('newest of');
    await expect.poll(() => focused(page)).toBe('button: Yes, purge');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'purge-confirm');
    await page.keyboard.press('Enter');
    const progress = page.getByTestId('purge-progress');
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/Deleted 3 messages in #random/);
    await shot(page, 'purge-outcome');
    const left = new Set(stack.sandbox.world.messages(random).map((m) => m.id));
    expect(posted.map((id) => left.has(id))).toEqual([false, true, false, false]);
  }, 120_000);

  it('switches to dark mode from the settings and remembers it', async () => {
    await setTheme(page, 'Dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await shot(page, 'settings');
  }, 120_000);

  // Every page of the dashboard (App.tsx's routes), as the owner sees it: the admin-only pages and forms too.
  const pages = () => [
    ['guilds', '/'],
    ['overview', `/g/${g()}`],
    ['cases', `/g/${g()}/cases`],
    ['case', `/g/${g()}/cases/${caseNumber}`],
    ['members', `/g/${g()}/members`],
    ['member', `/g/${g()}/members/${bannedId}`],
    ['moderate', `/g/${g()}/moderate`],
    ['approvals', `/g/${g()}/approvals`],
    ['reports', `/g/${g()}/reports`],
    ['messages', `/g/${g()}/message`],
    ['analytics', `/g/${g()}/analytics`],
    ['activity', `/g/${g()}/activity`],
    ['audit', `/g/${g()}/audit`],
    ['access', `/g/${g()}/access`],
    ['settings-history', `/g/${g()}/settings-history`],
    ['music', `/g/${g()}/music`],
    ['notifications', `/g/${g()}/notifications`],
    ['appeals', `/g/${g()}/appeals`],
    ['automod', `/g/${g()}/automod`],
    ['schedules', `/g/${g()}/schedules`],
    ['custom-commands', `/g/${g()}/custom-commands`],
    ['workflows', `/g/${g()}/workflows`],
    ['my-record', '/me'],
    ['my-notifications', '/me/notifications'],
    ['settings', '/settings'],
  ] as const;

  /** Every page: axe-core, sideways overflow, controls under 44 px, screenshots. */
  const tour = async (p: Page, theme: 'Light' | 'Dark', screenshots: boolean) => {
    await setTheme(p, theme);
    const found: { page: string; violations: AxeViolation[]; overflow: number; small: { what: string; h: number }[] }[] = [];
    for (const [name, path] of pages()) {
      await p.goto(`${base}${path}`);
      await p.locator('main h1').first().waitFor({ timeout: 20_000 });
      await settle(p);
      found.push({ page: name, violations: await seriousViolations(p), overflow: await horizontalOverflow(p), small: await smallTargets(p) });
      if (screenshots) await shot(p, name);
    }
    return found;
  };

  it('the owner signs in beside the moderator (the tour below sees the admin pages too)', async () => {
    ownerDesktop = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    owner = await ownerDesktop.newPage();
    watch(owner);
    signedIn = false;
    await logInAs(owner, stack, stack.sandbox.world.people(g()).owner);
    signedIn = true;
    await owner.locator('.guild-card', { hasText: 'Guildhall Sandbox' }).waitFor();
  }, 120_000);

  it('has no serious or critical axe-core violation on any page in either theme at 1280 px', async () => {
    for (const theme of ['Light', 'Dark'] as const) {
      const found = await tour(owner, theme, true);
      expect(found.filter((f) => f.violations.length), `${theme}: ${JSON.stringify(found.filter((f) => f.violations.length), null, 1)}`).toEqual([]);
    }
  }, 180_000);

  it('on a 360 px phone: a menu, 44 px targets, no page overflows sideways, no axe violation in either theme', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, bypassCSP: true, storageState: await ownerDesktop.storageState() });
    const p = await phone.newPage();
    watch(p);
    await p.goto(`${base}/g/${g()}`);
    await p.getByRole('heading', { name: 'Overview' }).waitFor();
    // The navigation folds into a menu.
    const nav = p.locator('nav.side');
    expect(await nav.isVisible()).toBe(false);
    const menu = p.getByRole('button', { name: 'Menu' });
    await menu.tap();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Cases', exact: true }).tap();
    await p.getByRole('heading', { name: 'Cases' }).waitFor();
    expect(await nav.isVisible()).toBe(false);
    expect(await smallTargets(p)).toEqual([]);
    for (const theme of ['Dark', 'Light'] as const) {
      const found = await tour(p, theme, true);
      expect(found.filter((f) => f.overflow > 0).map((f) => [f.page, f.overflow]), `${theme}: pages wider than the phone`).toEqual([]);
      expect(found.filter((f) => f.small.length).map((f) => [f.page, f.small]), `${theme}: controls under 44 px`).toEqual([]);
      expect(found.filter((f) => f.violations.length), `${theme}: ${JSON.stringify(found.filter((f) => f.violations.length), null, 1)}`).toEqual([]);
    }
    // The purge dialog fits the phone, with the member picker in it.
    await p.goto(`${base}/g/${g()}/message`);
    await p.locator('main button[data-action=purge]').tap();
    await p.getByRole('combobox', { name: "Only one member's messages (optional)" }).waitFor();
    const box = await p.evaluate<{ left: number; right: number; width: number }>(`(() => { const r = document.querySelector('dialog[open]').getBoundingClientRect(); return { left: r.left, right: r.right, width: innerWidth }; })()`);
    expect(box.left >= 0 && box.right <= box.width, JSON.stringify(box)).toBe(true);
    expect(await seriousViolations(p)).toEqual([]);
    await shot(p, 'purge-dialog');
    await p.keyboard.press('Escape');
    // Offline, the service worker serves a shell that says so (and it holds no API response).
    await p.goto(`${base}/g/${g()}`);
    await p.getByRole('heading', { name: 'Overview' }).waitFor();
    const cachedApi = await p.evaluate<string[]>(`(async () => {
      const urls = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
      return urls.filter((u) => u.startsWith('/api/') || u.startsWith('/auth/'));
    })()`);
    expect(cachedApi).toEqual([]);
    // While offline the browser logs the failed loads; those are the point of this step.
    signedIn = false;
    await phone.setOffline(true);
    await p.goto(`${base}/g/${g()}/cases`).catch(() => undefined);
    await p.getByRole('heading', { name: 'You are offline' }).waitFor({ timeout: 10_000 });
    await shot(p, 'offline');
    await phone.setOffline(false);
    signedIn = true;
    await phone.close();
  }, 240_000);

  it('logged no console error and no page error anywhere', () => {
    expect(errors).toEqual([]);
  });
});
