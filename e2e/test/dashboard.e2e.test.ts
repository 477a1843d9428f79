import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../src/chromium.js';
import { startStack, type Stack } from '../src/stack.js';
import { ensureUiBuilt } from '../src/ui-build.js';

const skip = !hasChromium();
if (skip) {
  console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

/**
 * A person's path through the dashboard, in a real browser against the whole stack: log in
 * through the sandbox's Discord sign-in page as a moderator, see the overview fed by the bot,
 * ban a member from the moderation form, open the case and step through its replay.
 */
describe.skipIf(skip)('dashboard in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const uiDist = ensureUiBuilt();
    stack = await startStack('e2e', { uiDist });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('logs in through the sandbox as a moderator and shows the overview', async () => {
    const base = stack.gateway.deps.publicUrl;
    const world = stack.sandbox.world;
    const moderator = world.state.user(world.people(stack.guildId).moderators[0]!);
    await page.goto(base);
    await page.waitForURL('**/login');
    await page.getByText('Log in with Discord').click();
    await page.getByText('Sign in to the Discord sandbox').waitFor();
    await page.locator('a.user', { hasText: moderator.global_name ?? moderator.username }).first().click();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByRole('heading', { name: 'Your guilds' }).waitFor();
    await page.locator('.guild-card', { hasText: 'Guildhall Sandbox' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // Members come from the bot's facts through the community context and the overview projection.
    const members = page.locator('.stat', { hasText: 'members' }).locator('.stat-value');
    await expect.poll(async () => Number(await members.textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.stat', { hasText: 'bot' }).textContent(), { timeout: 30_000 }).toContain('ready');
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
  });

  it('bans a member from the form, shows the case number, and opens the case with its replay', async () => {
    const target = stack.sandbox.world.people(stack.guildId).members[3]!;
    await page.locator('nav.side').getByRole('link', { name: 'Moderate', exact: true }).click();
    await page.locator('label.pill', { hasText: /^Ban$/ }).click();
    await page.fill('input[name=targetId]', target);
    await page.fill('textarea[name=reason]', 'e2e: spam links');
    await page.locator('button.primary').click();
    const result = page.locator('.case-result a');
    await result.waitFor({ timeout: 30_000 });
    const caseNumber = Number((await result.textContent())!.replace(/\D/g, ''));
    expect(caseNumber).toBeGreaterThan(0);
    await result.click();
    await page.getByRole('heading', { name: new RegExp(`Case #${caseNumber}`) }).waitFor();
    // The bot carries the ban out in the sandbox; the page follows live.
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: 30_000 }).toContain('Discord did it');
    await expect.poll(() => page.locator('.replay').textContent(), { timeout: 10_000 }).toContain('replayed in your browser = read model');
    const slider = page.getByLabel('replay step');
    await slider.fill('0');
    await expect.poll(() => page.locator('.replay').textContent()).toContain('after event 1 of');
    await expect.poll(() => page.locator('.replay').textContent()).toContain('Case opened: ban');
    expect(stack.sandbox.world.bans(stack.guildId).some((b) => b.user.id === target)).toBe(true);

    await page.locator('nav.side').getByRole('link', { name: 'Cases', exact: true }).click();
    await expect.poll(() => page.locator('table.cases').textContent(), { timeout: 20_000 }).toContain(`#${caseNumber}`);
    expect(errors).toEqual([]);
  });
});
