import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VoiceSessionView } from '@guildhall/discord-sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../src/chromium.js';
import { tabTo } from '../src/keyboard.js';
import { logInAsModerator } from '../src/login.js';
import { seriousViolations, settle } from '../src/page-checks.js';
import { startStack, type Stack } from '../src/stack.js';
import { ensureUiBuilt } from '../src/ui-build.js';

const skip = !hasChromium();
if (skip) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));
/** The demo library's pitches (gateway/discord's demo library: Demo n plays one tone). */
const HZ = { 1: 220, 2: 330, 3: 440 } as const;

/**
 * The music web remote in Chromium against the whole stack, the bot's player on the real
 * @discordjs/voice and the sandbox's voice server listening: a moderator in the Lounge runs
 * `/play query:Demo 1` in Discord; the remote shows it with a moving progress bar; from the
 * library search they add Demo 2 and Demo 3, put Demo 3 first by dragging and back by keyboard,
 * skip — and the sandbox hears the new track's pitch; the history says who skipped.
 */
describe.skipIf(skip)('music web remote in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let base: string;
  let moderatorId = '';
  const errors: string[] = [];
  const g = () => stack.guildId;
  const sandbox = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    fetch(`${stack.sandbox.url}/_sandbox${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  /** What the sandbox hears from the bot in this guild (frames, pitch of the last second). */
  const heard = async (): Promise<VoiceSessionView | undefined> => {
    const { sessions } = (await (await sandbox('GET', '/voice')).json()) as { sessions: VoiceSessionView[] };
    return sessions.find((s) => s.guildId === g() && s.userId === stack.sandbox.bot.userId && s.connected);
  };
  const queueTitles = async () => (await page.locator('ol.queue > li').allTextContents()).map((t) => /Demo \d/.exec(t)?.[0] ?? '?');

  beforeAll(async () => {
    mkdirSync(IMAGES, { recursive: true });
    stack = await startStack('music', { uiDist: ensureUiBuilt(), slashCommands: true });
    base = stack.gateway.deps.publicUrl;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror ${page.url()}: ${e.message}`));
    moderatorId = stack.sandbox.world.people(g()).moderators[0]!;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows what /play started in Discord, with a moving progress bar', async () => {
    const lounge = stack.sandbox.world.channelByName(g(), 'Lounge').id;
    const general = stack.sandbox.world.channelByName(g(), 'general').id;
    expect((await sandbox('POST', '/act/voice', { guildId: g(), userId: moderatorId, channelId: lounge })).status).toBeLessThan(300);
    await logInAsModerator(page, stack);
    // The bot scans the library into the guild once it is ready: wait for Demo 1 in the read model, then /play it once.
    await expect
      .poll(async () => ((await (await page.request.get(`${base}/api/guilds/${g()}/music/library?text=Demo%201`)).json()) as { tracks?: unknown[] }).tracks?.length ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const view = stack.sandbox.world.invokeCommand({ guildId: g(), channelId: general, userId: moderatorId, command: 'play', options: [{ name: 'query', value: 'Demo 1' }] });
    // (startStack returns once the bot is ready, and the bot registers its commands before that.)
    await expect.poll(() => stack.sandbox.world.interaction(view.id).original?.content ?? '', { timeout: 30_000 }).toMatch(/Playing \*\*Demo 1/);
    await expect.poll(async () => Math.abs(((await heard())?.dominantHz ?? 0) - HZ[1]), { timeout: 20_000 }).toBeLessThan(9);

    await page.goto(`${base}/g/${g()}/music`);
    await page.getByRole('heading', { name: 'Music' }).waitFor();
    const now = page.locator('.now-playing h2');
    await expect.poll(() => now.textContent(), { timeout: 20_000 }).toContain('Demo 1');
    const bar = page.getByRole('progressbar', { name: 'position' });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = Number(await bar.getAttribute('aria-valuenow'));
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 5_000 }).toBeGreaterThan(first + 500);
  }, 120_000);

  it('adds from the library search, reorders by drag and by keyboard', async () => {
    const search = page.getByRole('textbox', { name: 'Search the library' });
    for (const n of [2, 3]) {
      await search.fill(`Demo ${n}`);
      await search.press('Enter');
      const row = page.locator('ul.tracks > li', { hasText: `Demo ${n} —` });
      await row.waitFor({ timeout: 10_000 });
      await row.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(queueTitles, { timeout: 10_000 }).toContain(`Demo ${n}`);
    }
    expect(await queueTitles()).toEqual(['Demo 2', 'Demo 3']);
    // Drag Demo 3 onto Demo 2: it goes first.
    await page.locator('ol.queue > li', { hasText: 'Demo 3' }).dragTo(page.locator('ol.queue > li', { hasText: 'Demo 2' }));
    await expect.poll(queueTitles, { timeout: 10_000 }).toEqual(['Demo 3', 'Demo 2']);
    // And back by keyboard alone: Tab to "Move Demo 2 … up", Enter.
    await page.locator('h1').focus();
    await tabTo(page, 'button[aria-label^="Move Demo 2"][aria-label$=" up"]', 80);
    await page.keyboard.press('Enter');
    await expect.poll(queueTitles, { timeout: 10_000 }).toEqual(['Demo 2', 'Demo 3']);
    await settle(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${IMAGES}music-remote-1280-light.png` });
  }, 120_000);

  it('skips from the web: the sandbox hears the next track, and the history says who skipped', async () => {
    expect(Math.abs(((await heard())?.dominantHz ?? 0) - HZ[1])).toBeLessThan(9);
    await page.getByRole('button', { name: 'Skip' }).click();
    await expect.poll(() => page.locator('.now-playing h2').textContent(), { timeout: 10_000 }).toContain('Demo 2');
    await expect.poll(async () => Math.abs(((await heard())?.dominantHz ?? 0) - HZ[2]), { timeout: 10_000 }).toBeLessThan(9);
    const s = await heard();
    expect(s!.decryptFailures).toBe(0);
    expect(s!.frames).toBeGreaterThan(100);
    const name = stack.sandbox.world.state.user(moderatorId).global_name ?? stack.sandbox.world.state.user(moderatorId).username;
    const line = page.locator('ul.history > li', { hasText: 'skipped' }).first();
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^${name}\\s*skipped Demo 1`));
    expect(await line.textContent()).toContain('(dashboard)');
    expect(await queueTitles()).toEqual(['Demo 3']);
  }, 120_000);

  it('logged no page error', () => {
    expect(errors).toEqual([]);
  });
});
