import { runInNewContext } from 'node:vm';
import type { Client, TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { viewerHtml } from '../src/viewer/page.js';
import { connectBot, sandbox } from './helpers.js';

/** Just enough DOM for the viewer script: elements with children, text, classes and handlers. */
class FakeElement {
  children: FakeElement[] = [];
  className = '';
  value = '';
  dataset: Record<string, string> = {};
  style: Record<string, string> = {};
  scrollTop = 0;
  scrollHeight = 0;
  onclick: (() => void) | null = null;
  onchange: ((e: unknown) => void) | null = null;
  private ownText = '';
  classList = { toggle: () => undefined };
  constructor(readonly tag: string) {}
  set textContent(v: string) {
    this.ownText = v;
    this.children = [];
  }
  get textContent(): string {
    return this.ownText + this.children.map((c) => c.textContent).join('');
  }
  append(...nodes: FakeElement[]) {
    this.children.push(...nodes);
  }
  replaceChildren() {
    this.children = [];
  }
  addEventListener() {}
}

const renderViewer = async (url: string): Promise<{ dom: Record<string, FakeElement>; tabs: FakeElement[] }> => {
  const html = viewerHtml();
  const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.indexOf('</script>'));
  const byId: Record<string, FakeElement> = {};
  for (const id of ['guild', 'info', 'live', 'channels', 'messages', 'side']) byId[id] = new FakeElement('div');
  const tabs = ['members', 'bans', 'audit'].map((tab) => Object.assign(new FakeElement('button'), { dataset: { tab } }));
  const document = {
    getElementById: (id: string) => byId[id],
    createElement: (tag: string) => new FakeElement(tag),
    querySelectorAll: (selector: string) => (selector === '.tabs button' ? tabs : []),
  };
  class EventSource {
    addEventListener() {}
    set onerror(_f: unknown) {}
    set onopen(_f: unknown) {}
  }
  const pending: Promise<unknown>[] = [];
  const relFetch = (path: string) => {
    const p = fetch(new URL(path, url));
    pending.push(p);
    return p;
  };
  runInNewContext(script, { document, fetch: relFetch, EventSource, setTimeout, Date, Object, JSON, URL });
  // Let the page's load() chain (guild list, then the guild) finish.
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 25));
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 50));
  return { dom: byId, tabs };
};

describe('viewer page', () => {
  let sb: SandboxHandle;
  let client: Client<true>;

  beforeAll(async () => {
    sb = await sandbox({ seed: 31 });
    client = await connectBot(sb);
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('renders channels, a message the bot just sent, the member list, bans and the audit log', async () => {
    const guildId = sb.world.mainGuild().base.id;
    const general = client.channels.cache.get(sb.world.channelByName(guildId, 'general').id) as TextChannel;
    await general.send('visible in the viewer');
    const target = sb.world.people(guildId).members[0]!;
    await client.guilds.cache.get(guildId)!.members.ban(target, { reason: 'shown in the viewer' });
    const { dom, tabs } = await renderViewer(sb.url);
    expect(dom.channels!.textContent).toContain('# general');
    expect(dom.channels!.textContent).toContain('# mod-log');
    expect(dom.messages!.textContent).toContain('visible in the viewer');
    expect(dom.side!.textContent).toContain('Moderator');
    expect(dom.info!.textContent).toBe(`${sb.world.members(guildId).length} members · ${sb.world.bans(guildId).length} bans`);
    const user = sb.world.state.user(target);
    tabs[1]!.onclick?.();
    expect(dom.side!.textContent).toContain(user.global_name ?? user.username);
    expect(dom.side!.textContent).toContain('shown in the viewer');
    tabs[2]!.onclick?.();
    expect(dom.side!.textContent).toContain('ban by Guildhall');
    expect(dom.side!.textContent).toContain('reason: shown in the viewer');
  });
});
