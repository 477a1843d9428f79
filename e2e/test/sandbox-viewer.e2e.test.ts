import { startSandbox, type InteractionView, type SandboxHandle } from '@guildhall/discord-sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../src/chromium.js';
import { watchErrors } from '../src/console-errors.js';
import { seriousViolations } from '../src/page-checks.js';

const skip = !hasChromium();
if (skip) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

/**
 * The sandbox viewer as a small Discord client, against the sandbox alone: the test plays the
 * application over the sandbox's REST API (registers a slash command and context menus, answers
 * interactions with a modal and an ephemeral reply with a button), a person in Chromium acts as a
 * member: posts a message, reports it from the message's Apps menu, fills in the modal, sees the
 * reply only while acting as that member, clicks its button and runs the slash command.
 */
describe.skipIf(skip)('sandbox viewer in Chromium: act as a member', () => {
  let sb: SandboxHandle;
  let browser: Browser;
  let page: Page;
  let guildId = '';
  let channelId = '';
  let member = '';
  let moderator = '';
  const errors: string[] = [];
  const api = (method: string, path: string, body: unknown) =>
    fetch(`${sb.url}/api/v10${path}`, { method, headers: { authorization: `Bot ${sb.bot.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** The newest interaction of the member that satisfies `match`, as the sandbox's control API reports it. */
  const interactionOf = async (userId: string, match: (v: InteractionView) => boolean): Promise<InteractionView> => {
    for (let i = 0; i < 200; i++) {
      const list = (await (await fetch(`${sb.url}/_sandbox/interactions?guild_id=${guildId}&user_id=${userId}`)).json()) as InteractionView[];
      const found = list.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no such interaction arrived');
  };

  beforeAll(async () => {
    sb = await startSandbox({ port: 0, seed: 41 });
    guildId = sb.world.mainGuild().base.id;
    channelId = sb.world.channelByName(guildId, 'general').id;
    const people = sb.world.people(guildId);
    member = people.members[0]!;
    moderator = people.moderators[0]!;
    const registered = await api('PUT', `/applications/${sb.bot.applicationId}/guilds/${guildId}/commands`, [
      { name: 'report', description: 'Report something', options: [{ type: 3, name: 'what', description: 'What happened', required: true }] },
      { name: 'Report message', type: 3 },
      { name: 'Report member', type: 2 },
    ]);
    expect(registered.status).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage();
    watchErrors(page, { base: sb.url, sink: errors });
    await page.goto(sb.url);
    await page.locator('#channels .chan', { hasText: '# general' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.stop();
  });

  it('shows what the bot does live: its message, a ban in the Bans tab and the audit log', async () => {
    const sent = await api('POST', `/channels/${channelId}/messages`, { content: 'visible in the viewer' });
    expect(sent.status).toBe(200);
    const banned = sb.world.people(guildId).members.at(-1)!;
    const ban = await fetch(`${sb.url}/api/v10/guilds/${guildId}/bans/${banned}`, { method: 'PUT', headers: { authorization: `Bot ${sb.bot.token}`, 'x-audit-log-reason': 'shown in the viewer', 'content-type': 'application/json' }, body: '{}' });
    expect(ban.status).toBe(204);
    await page.locator('#messages .msg', { hasText: 'visible in the viewer' }).waitFor();
    await page.locator('#info', { hasText: `${sb.world.bans(guildId).length} bans` }).waitFor();
    expect(await page.locator('#channels').textContent()).toContain('# mod-log');
    expect(await page.locator('#side').textContent()).toContain('Moderator');
    await page.getByRole('button', { name: 'Bans' }).click();
    await page.locator('#side', { hasText: 'shown in the viewer' }).waitFor();
    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.locator('#side', { hasText: 'reason: shown in the viewer' }).waitFor();
    expect(await page.locator('#side').textContent()).toContain('ban by Guildhall');
    await page.getByRole('button', { name: 'Members' }).click();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('acts as a member and posts a message into the channel', async () => {
    const optgroups = await page.locator('#actor optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
    expect(optgroups.slice(0, 1)).toEqual(['Owner']);
    expect(optgroups).toContain('Moderators');
    await page.selectOption('#actor', member);
    await page.getByLabel('Message #general').fill('hello from the viewer');
    await page.keyboard.press('Enter');
    await page.locator('#messages .msg', { hasText: 'hello from the viewer' }).waitFor();
    const sent = sb.world.messages(channelId).find((m) => m.content === 'hello from the viewer');
    expect(sent?.author.id).toBe(member);
  });

  it('reports the message from its Apps menu, fills in the modal the app answers with, and sees the ephemeral reply only as that member', async () => {
    const target = sb.world.messages(channelId).find((m) => m.content === 'hello from the viewer')!;
    const row = page.locator(`#messages .msg[data-id="${target.id}"]`);
    await row.locator('summary').click();
    await row.getByRole('button', { name: 'Report message' }).click();
    const menu = await interactionOf(member, (v) => v.name === 'Report message');
    expect(menu.data).toMatchObject({ type: 3, target_id: target.id });

    const modal = await api('POST', `/interactions/${menu.id}/${menu.token}/callback`, {
      type: 9,
      data: { custom_id: 'report-reason', title: 'Report this message', components: [{ type: 1, components: [{ type: 4, custom_id: 'reason', label: 'Why are you reporting it?', style: 2, required: true }] }] },
    });
    expect(modal.status).toBe(204);
    await page.getByRole('dialog', { name: 'Report this message' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Why are you reporting it?').fill('it is spam');
    await page.getByRole('button', { name: 'Submit' }).click();
    const submit = await interactionOf(member, (v) => v.type === 5 && v.name === 'report-reason');
    expect(submit.data).toMatchObject({ custom_id: 'report-reason', components: [{ components: [{ custom_id: 'reason', value: 'it is spam' }] }] });

    const reply = await api('POST', `/interactions/${submit.id}/${submit.token}/callback`, {
      type: 4,
      data: { content: 'Thanks, the moderators will look at it', flags: 64, components: [{ type: 1, components: [{ type: 2, style: 4, custom_id: 'withdraw', label: 'Withdraw report' }] }] },
    });
    expect(reply.status).toBe(204);
    const yours = page.locator('#yours');
    await yours.locator('.msg', { hasText: 'Thanks, the moderators will look at it' }).waitFor();
    // Named by the form's title, not by the app's custom_id.
    expect(await yours.textContent()).toContain('only you can see this · form “Report this message”');
    expect(await yours.textContent()).not.toContain('report-reason');

    await page.selectOption('#actor', moderator);
    await yours.locator('.msg', { hasText: 'Thanks, the moderators will look at it' }).waitFor({ state: 'detached' });
    await page.selectOption('#actor', member);
    await yours.getByRole('button', { name: 'Withdraw report' }).click();
    const click = await interactionOf(member, (v) => v.type === 3 && v.name === 'withdraw');
    expect(click.data).toMatchObject({ custom_id: 'withdraw', component_type: 2 });
  });

  it('runs a member context-menu command and a slash command with its option', async () => {
    const mod = sb.world.member(guildId, moderator)!;
    const targetName = mod.nick ?? mod.user.global_name ?? mod.user.username;
    // By keyboard: focus the member's Apps menu, open it, Tab to the entry, Enter.
    const apps = page.locator(`#side summary[data-key="apps:u${moderator}"]`);
    expect(await apps.getAttribute('aria-label')).toBe(`Apps for ${targetName}`);
    await apps.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const userMenu = await interactionOf(member, (v) => v.name === 'Report member');
    expect(userMenu.data).toMatchObject({ type: 2, target_id: moderator });

    await page.selectOption('#command', { label: '/report' });
    await page.getByLabel(/^what \*/).fill('someone is spamming');
    await page.getByRole('button', { name: 'Run' }).click();
    const slash = await interactionOf(member, (v) => v.type === 2 && v.name === 'report');
    expect(slash.data).toMatchObject({ name: 'report', options: [{ name: 'what', value: 'someone is spamming' }] });
    expect(errors).toEqual([]);
  });
});
