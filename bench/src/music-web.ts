/**
 * bench/music-web: a skip from the web remote until the sandbox hears the next track, through the
 * whole path (bench/music drives the player directly and measures only its last part). Prints;
 * asserts nothing.
 *   npm run bench:music-web      (BENCH_MUSIC_WEB_ROUNDS=20)
 * The stack of e2e/src/stack.ts in this process (sandbox with its voice server, the bot with its
 * player on @discordjs/voice, the music handler, the projections, the HTTP gateway); a moderator
 * signed in through Chromium sends `POST /music/control {action: "skip"}` from the page. Per skip:
 *   - accepted: web → HTTP gateway → command bus → music handler decided and appended → answer;
 *   - heard: the same start → the first two frames at the new track's pitch at the sandbox (its
 *     voice timeline, same clock);
 *   - appended: the same start → the skip's commit on its stream subject (core NATS, as published);
 *   - appended → heard: the driver (reactor) → the player → the first frames (bench/music times the
 *     player's part alone).
 * The queue alternates Demo 1 (220 Hz) and Demo 5 (660 Hz), refilled as it goes.
 */
import { cpus, loadavg } from 'node:os';
import { hasChromium, launchChromium } from '../../e2e/src/chromium.js';
import { logInAsModerator } from '../../e2e/src/login.js';
import { startStack } from '../../e2e/src/stack.js';
import { ensureUiBuilt } from '../../e2e/src/ui-build.js';
import { percentile } from './support.js';
import { printTable } from './table.js';

const ROUNDS = Number(process.env.BENCH_MUSIC_WEB_ROUNDS ?? 20);
type Change = { at: number; kind: 'silence' | 'audio' | 'pitch'; hz: number };
type Session = { active: boolean; nowPlaying: { entryId: string; track: { title: string } } | null; queue: { entryId: string }[] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => `load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${cpus().length} cores`;

if (!hasChromium()) {
  console.log('bench:music-web needs Chromium (apt-get install -y chromium)');
  process.exit(0);
}
const stack = await startStack('benchmusicweb', { uiDist: ensureUiBuilt(), slashCommands: true });
const browser = await launchChromium();
try {
  const g = stack.guildId;
  const base = stack.gateway.deps.publicUrl;
  const world = stack.sandbox.world;
  const moderatorId = world.people(g).moderators[0]!;
  const page = await (await browser.newContext()).newPage();
  await logInAsModerator(page, stack);
  const api = `${base}/api/guilds/${g}/music`;
  const control = (body: unknown) => page.request.post(`${api}/control`, { data: body, headers: { 'x-guildhall-csrf': '1' } });
  const session = async () => (await (await page.request.get(api)).json()) as Session;
  const timeline = async (since: number) =>
    ((await (await fetch(`${stack.sandbox.url}/_sandbox/voice/timeline?guild_id=${g}&since=${since}`)).json()) as { changes: Change[] }).changes;
  const heardAfter = async (since: number, hz: number): Promise<number> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const hit = (await timeline(since)).find((c) => c.kind !== 'silence' && Math.abs(c.hz - hz) < 60);
      if (hit) return hit.at - since;
      if (Date.now() > deadline) return NaN;
      await sleep(5);
    }
  };
  const track = async (q: string) => {
    for (let i = 0; i < 100; i++) {
      const r = (await (await page.request.get(`${api}/library?text=${encodeURIComponent(q)}`)).json()) as { tracks?: { id: string }[] };
      if (r.tracks?.[0]) return r.tracks[0].id;
      await sleep(200);
    }
    throw new Error(`no ${q} in the library`);
  };
  const [one, five] = [await track('Demo 1'), await track('Demo 5')];

  await fetch(`${stack.sandbox.url}/_sandbox/act/voice`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ guildId: g, userId: moderatorId, channelId: world.channelByName(g, 'Lounge').id }) });
  const view = world.invokeCommand({ guildId: g, channelId: world.channelByName(g, 'general').id, userId: moderatorId, command: 'play', options: [{ name: 'query', value: 'Demo 1' }] });
  for (let i = 0; i < 200 && !(world.interaction(view.id).original?.content ?? '').includes('Playing'); i++) await sleep(100);
  await sleep(1_000);

  // Every append is a core NATS message on its stream's subject: note when the session's arrive.
  let appendedAt: number[] = [];
  const sub = stack.gateway.deps.nc.subscribe('>', { callback: (_e, m) => void (m.subject.includes(`.music.session.${g}`) && appendedAt.push(Date.now())) });
  console.log(`\nmachine: ${load()} (start)`);
  const accepted: number[] = [];
  const appended: number[] = [];
  const heard: number[] = [];
  let playing = 220;
  for (let i = 0; i < ROUNDS; i++) {
    // The next track is the other pitch: queue it up front.
    const nextHz = playing === 220 ? 660 : 220;
    const s = await session();
    if (s.queue.length === 0) {
      const r = await control({ action: 'queue', trackId: nextHz === 660 ? five : one });
      if (r.status() !== 200) throw new Error(`queue: ${r.status()} ${await r.text()}`);
      for (let k = 0; k < 100 && (await session()).queue.length === 0; k++) await sleep(20);
    }
    const current = (await session()).nowPlaying;
    await sleep(400);
    appendedAt = [];
    const t0 = Date.now();
    const r = await control({ action: 'skip', entryId: current?.entryId ?? null });
    accepted.push(Date.now() - t0);
    appended.push((appendedAt[0] ?? NaN) - t0);
    if (r.status() !== 200) throw new Error(`skip: ${r.status()} ${await r.text()}`);
    heard.push(await heardAfter(t0, nextHz));
    playing = nextHz;
  }
  const row = (what: string, xs: number[]) => {
    const ok = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return { path: what, rounds: xs.length, measured: ok.length, 'p50 ms': percentile(ok, 50), 'p99 ms': percentile(ok, 99), 'max ms': ok.at(-1) ?? NaN };
  };
  sub.unsubscribe();
  printTable('skip from the web → heard at the sandbox (target p99 ≤ 150 ms)', [
    row('web → skip event appended (HTTP, bus, handler)', appended),
    row('web → answer accepted (+ result back, HTTP)', accepted),
    row('web → new pitch heard (2 frames agree)', heard),
    row('appended → heard (driver, player, frames)', heard.map((h, i) => h - appended[i]!)),
  ]);
  console.log(`\nmachine: ${load()} (end)`);
} finally {
  await browser.close();
  await stack.stop();
}
