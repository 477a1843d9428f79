/**
 * bench/music: the player on the real @discordjs/voice, heard by the sandbox's voice server
 * (in its own process, so its decoding is not counted here). Prints; asserts nothing.
 *   - command → effect heard at the sandbox, p50/p99: pause → first silence frame, resume →
 *     first audio frame, skip → first frames at the new pitch (driving the player directly);
 *   - CPU of this process per playing guild, Ogg/Opus passthrough (volume 100 %) and with inline
 *     volume (decode + scale + re-encode), for 1..N guilds at once, and how many guilds one core plays.
 *   npm run bench:music        (BENCH_MUSIC_GUILDS=1,4,8  BENCH_MUSIC_ROUNDS=30  BENCH_MUSIC_CPU_SECONDS=10)
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { VoiceSessionView } from '@guildhall/discord-sandbox';
import { createPlayerRegistry, ensureDemoLibrary, scanLibrary, trustSandboxVoiceCertificateFrom, type GuildPlayer, type LibraryTrack } from '@guildhall/gateway-discord/music';
import { Client, GatewayIntentBits } from 'discord.js';
import { SandboxProcess } from './sandbox-process.js';
import { printTable } from './table.js';
import { percentile } from './support.js';

const GUILDS = (process.env.BENCH_MUSIC_GUILDS ?? '1,4,8').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_MUSIC_ROUNDS ?? 30);
const CPU_SECONDS = Number(process.env.BENCH_MUSIC_CPU_SECONDS ?? 10);
const maxGuilds = Math.max(...GUILDS);

type Change = { at: number; kind: 'silence' | 'audio' | 'pitch'; hz: number };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const main = async () => {
  const sandbox = await SandboxProcess.start({ SANDBOX_EXTRA_GUILDS: String(Math.max(0, maxGuilds - 1)) });
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: `${sandbox.url}/api` }, waitGuildTimeout: 2_000 });
  try {
    await trustSandboxVoiceCertificateFrom(sandbox.url);
    const libraryDir = fileURLToPath(new URL('../../var/music', import.meta.url));
    await ensureDemoLibrary(libraryDir);
    const tracks = (await scanLibrary(libraryDir)).filter((t) => t.title.startsWith('Demo '));
    const [t1, , t3, , t5] = tracks;
    if (!t1 || !t3 || !t5) throw new Error('demo library incomplete');
    await client.login(sandbox.token);
    while (!client.isReady() || client.guilds.cache.size < maxGuilds) await sleep(50);
    const guilds = [...client.guilds.cache.values()].filter((g) => g.name === 'Guildhall Sandbox' || g.name.startsWith('Extra Guild')).slice(0, maxGuilds);
    const players = createPlayerRegistry(client, { emptyChannelLeaveMs: 0 });
    const joined: { guildId: string; player: GuildPlayer }[] = [];
    for (const g of guilds) {
      const lounge = g.channels.cache.find((c) => c.name === 'Lounge');
      if (!lounge) throw new Error(`no Lounge in ${g.name}`);
      const player = players.get(g.id);
      await player.join(lounge.id);
      joined.push({ guildId: g.id, player });
    }
    const first = joined[0];
    if (!first) throw new Error('no guild');
    // Latencies and CPU shares depend on what else runs: say how busy the machine was.
    const load = () => `load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${cpus().length} cores`;
    console.log(`\nmachine: ${load()} (start)`);
    const timeline = (since: number) => sandbox.control<{ changes: Change[] }>('GET', `/voice/timeline?guild_id=${first.guildId}&since=${since}`).then((r) => r.changes);
    const heardAfter = async (since: number, match: (c: Change) => boolean): Promise<number> => {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const hit = (await timeline(since)).find(match);
        if (hit) return hit.at - since;
        if (Date.now() > deadline) return NaN;
        await sleep(5);
      }
    };

    // ---- latency: command → effect at the sandbox ------------------------------------------
    const pause: number[] = [];
    const resume: number[] = [];
    const skip: number[] = [];
    await first.player.play(t1, 0);
    await sleep(1_000);
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = Date.now();
      first.player.pause();
      pause.push(await heardAfter(t0, (c) => c.kind === 'silence'));
      await sleep(150);
      t0 = Date.now();
      first.player.resume();
      resume.push(await heardAfter(t0, (c) => c.kind === 'audio'));
      await sleep(250);
    }
    let current: LibraryTrack = t1;
    for (let i = 0; i < ROUNDS; i++) {
      const next = current === t1 ? t5 : t1;
      const hz = next === t1 ? 220 : 660;
      const t0 = Date.now();
      await first.player.play(next, 0);
      skip.push(await heardAfter(t0, (c) => c.kind !== 'silence' && Math.abs(c.hz - hz) < 60));
      current = next;
      await sleep(300);
    }
    first.player.stop();
    const row = (what: string, xs: number[]) => {
      const ok = xs.filter(Number.isFinite).sort((a, b) => a - b);
      return { command: what, rounds: xs.length, heard: ok.length, 'p50 ms': percentile(ok, 50), 'p99 ms': percentile(ok, 99), 'max ms': ok.at(-1) ?? NaN };
    };
    printTable('command → effect heard at the sandbox (player driven directly; sandbox clock = bench clock)', [
      row('pause → first silence frame', pause),
      row('resume → first audio frame', resume),
      row('skip → new pitch (2 frames agree)', skip),
    ]);

    // ---- CPU per playing guild ------------------------------------------------------------
    const sessions = () => sandbox.control<{ sessions: VoiceSessionView[] }>('GET', '/voice').then((r) => r.sessions);
    const cpuOver = async (seconds: number) => {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      await sleep(seconds * 1000);
      const c = process.cpuUsage(c0);
      return ((c.user + c.system) / 1000 / (performance.now() - w0)) * 100;
    };
    const idle = await cpuOver(Math.min(5, CPU_SECONDS));
    const rows: Record<string, string | number>[] = [{ mode: 'idle (joined, silent)', guilds: joined.length, 'cpu % of a core': idle.toFixed(1), 'per guild %': '-', 'frames heard': '-', 'guilds per core': '-' }];
    for (const volume of [1, 0.5]) {
      for (const n of GUILDS) {
        const playing = joined.slice(0, n);
        for (const [i, j] of playing.entries()) {
          j.player.setVolume(volume);
          await j.player.play(tracks[i % tracks.length] ?? t1, 0);
        }
        await sleep(2_000);
        const b0 = performance.now();
        const before = new Map((await sessions()).map((s) => [s.guildId, s.frames]));
        const b1 = performance.now();
        const cpu = await cpuOver(CPU_SECONDS);
        const a0 = performance.now();
        const after = await sessions();
        // Frames are counted between the two snapshots (taken halfway through each request).
        const wall = (a0 + performance.now()) / 2 - (b0 + b1) / 2;
        const expected = (wall / 20) * n;
        const heard = after.filter((s) => playing.some((p) => p.guildId === s.guildId)).reduce((a, s) => a + s.frames - (before.get(s.guildId) ?? s.frames), 0);
        for (const j of playing) j.player.stop();
        const perGuild = Math.max(0, cpu - idle) / n;
        rows.push({
          mode: volume === 1 ? 'Ogg/Opus passthrough' : 'inline volume 50 %',
          guilds: n,
          'cpu % of a core': cpu.toFixed(1),
          'per guild %': perGuild.toFixed(2),
          'frames heard': `${((heard / expected) * 100).toFixed(1)}%`,
          'guilds per core': perGuild > 0 ? Math.floor(100 / perGuild) : '∞',
        });
        await sleep(500);
      }
    }
    printTable(`CPU of the bot process (discord.js + players), ${CPU_SECONDS} s windows; per guild = (cpu − idle) / guilds; guilds per core = 100 / per guild (extrapolated)`, rows);
    console.log(`\nmachine: ${load()} (end)`);
    await players.destroyAll();
  } finally {
    await client.destroy();
    sandbox.stop();
  }
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
