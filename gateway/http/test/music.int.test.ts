import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffAudio } from '../src/music/audio-sniff.js';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;
const VOICE = '700000000000000001';

/** A minimal Ogg Opus file: an OpusHead page and a last page whose granule position says 2.5 s. */
const oggOpus = (): Uint8Array => {
  const page = (granule: bigint, packet: Uint8Array) => {
    const header = new Uint8Array(27 + 1);
    header.set([0x4f, 0x67, 0x67, 0x53]);
    new DataView(header.buffer).setBigUint64(6, granule, true);
    header[26] = 1;
    header[27] = packet.length;
    return new Uint8Array([...header, ...packet]);
  };
  const head = new Uint8Array([...new TextEncoder().encode('OpusHead'), 1, 2, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]);
  return new Uint8Array([...page(0n, head), ...page(120_000n, new Uint8Array(20))]);
};

describe('music API (real NATS, PostgreSQL, the music handler and read models)', () => {
  let stack: TestStack;
  let b: Browser;
  let uploads: string;
  const base = () => `/api/guilds/${stack.guildId}/music`;
  const control = (body: unknown) => b.api(`${base()}/control`, { body });

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'gh-music-uploads-'));
    process.env.MUSIC_UPLOAD_DIR = uploads;
    process.env.MUSIC_UPLOAD_MAX_BYTES = String(64 * 1024);
    stack = await startTestStack('music');
    const tracks = [1, 2, 3].map((n) => ({ id: `demo-${n}`, path: `/library/demo-${n}.ogg`, title: `Demo ${n} — Tone`, artist: 'Guildhall', durationMs: 20_000, format: 'ogg/opus' }));
    const scan = await stack.bus.send(
      { id: newId(), type: 'RecordLibraryScan', issuedAt: new Date().toISOString(), guildId: stack.guildId, actor: { kind: 'system', id: 'library-scanner', name: 'Library scanner' }, source: 'discord', correlationId: newId(), causationId: null, payload: { tracks } },
      { context: 'music', waitMs: 10_000 },
    );
    expect(scan.status).toBe('accepted');
    b = new Browser(stack.gateway.url);
    await logIn(b, stack.sandbox, stack.sandbox.world.people(stack.guildId).moderators[0]!);
  }, 120_000);
  afterAll(async () => {
    await stack?.dispose();
    rmSync(uploads, { recursive: true, force: true });
  });

  it('searches the library, queues from the web, and shows now playing, the queue and who queued', async () => {
    expect(await json(await b.api(base()))).toMatchObject({ active: false, nowPlaying: null, queue: [] });
    const found = await eventually(async () => {
      const r = (await json(await b.api(`${base()}/library?text=${encodeURIComponent('demo 2')}`))) as { tracks: { id: string }[] };
      return r.tracks.length > 0 ? r.tracks : undefined;
    });
    expect(found[0]).toMatchObject({ id: 'demo-2', title: 'Demo 2 — Tone', durationMs: 20_000 });

    const noChannel = await control({ action: 'queue', trackId: 'demo-1' });
    expect(noChannel.status).toBe(409);
    expect(await json(noChannel)).toMatchObject({ status: 'rejected', error: { code: 'NOT_IN_VOICE_CHANNEL' } });
    const unknown = await control({ action: 'queue', trackId: 'nope', channelId: VOICE });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { code: 'TRACK_NOT_FOUND', field: 'trackId' } });

    for (const id of ['demo-1', 'demo-2', 'demo-3']) {
      const r = await control({ action: 'queue', trackId: id, channelId: VOICE });
      expect(r.status).toBe(200);
      expect(await json(r)).toMatchObject({ status: 'accepted', verb: 'queued' });
    }
    const s = await eventually(async () => {
      const v = (await json(await b.api(base()))) as { queue: unknown[] } & Json;
      return v.queue.length === 2 ? v : undefined;
    });
    expect(s).toMatchObject({ active: true, channelId: VOICE, nowPlaying: { track: { trackId: 'demo-1' }, source: 'web', queuedBy: { kind: 'dashboard-user' } }, position: { startedAt: null, paused: false } });
  });

  it('reorders, removes, undoes and skips; a stale skip is told someone skipped first', async () => {
    const before = (await json(await b.api(base()))) as { nowPlaying: { entryId: string }; queue: { entryId: string }[] };
    const [second, third] = before.queue.map((q) => q.entryId);
    expect((await control({ action: 'move', entryId: third, to: 1 })).status).toBe(200);
    expect((await control({ action: 'remove', entryId: second })).status).toBe(200);
    expect((await control({ action: 'undo' })).status).toBe(200);
    const order = await eventually(async () => {
      const v = (await json(await b.api(base()))) as { queue: { entryId: string }[]; undo: { summary: string } | null };
      return v.undo?.summary.startsWith('moved') ? v.queue.map((q) => q.entryId) : undefined;
    });
    expect(order).toEqual([third, second]);
    expect((await control({ action: 'skip', entryId: before.nowPlaying.entryId })).status).toBe(200);
    const stale = await control({ action: 'skip', entryId: before.nowPlaying.entryId });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ error: { code: 'NOT_CURRENT_TRACK' } });
    const history = await eventually(async () => {
      const h = (await json(await b.api(`${base()}/history?limit=20`))) as { items: { text: string; actor: { name: string }; source: string }[] };
      return h.items.some((l) => l.text.startsWith('skipped')) ? h.items : undefined;
    });
    expect(history[0]).toMatchObject({ text: 'skipped Demo 1 — Tone by Guildhall', source: 'web' });
  });

  it('refuses bad input naming the field, and rules with their code', async () => {
    const loud = await control({ action: 'volume', volume: 500 });
    expect(loud.status).toBe(400);
    expect(await json(loud)).toMatchObject({ error: { code: 'INVALID_COMMAND', field: 'volume' } });
    const what = await control({ action: 'dance' });
    expect(what.status).toBe(400);
    expect(await json(what)).toMatchObject({ error: { code: 'INVALID_COMMAND', field: 'action' } });
    const past = await control({ action: 'seek', positionMs: 60_000 });
    expect(past.status).toBe(422);
    expect(await json(past)).toMatchObject({ error: { code: 'SEEK_PAST_END' } });
    const youtube = await control({ action: 'queueUrl', url: 'https://www.youtube.com/watch?v=x' });
    expect(youtube.status).toBe(422);
    expect(await json(youtube)).toMatchObject({ error: { code: 'UNSUPPORTED_URL' } });
    expect((await b.api(`${base()}/library?limit=abc`)).status).toBe(400);
    const rules = await control({ action: 'rules', rules: { djRoleId: null, voteSkipShare: 0.5 } });
    expect(rules.status).toBe(403);
    expect(await json(rules)).toMatchObject({ error: { code: 'RULES_FORBIDDEN' } });
    const owner = new Browser(stack.gateway.url);
    await logIn(owner, stack.sandbox, stack.sandbox.world.people(stack.guildId).owner);
    const byOwner = await owner.api(`${base()}/control`, { body: { action: 'rules', rules: { maxQueueLength: 50, webControlLevel: 'manager' } } });
    expect(byOwner.status).toBe(200);
    // Now only managers may control from the web: the moderator is refused, naming the level.
    const refused = await control({ action: 'pause' });
    expect(refused.status).toBe(403);
    expect(await json(refused)).toMatchObject({ error: { code: 'WEB_CONTROL_FORBIDDEN', details: { needed: 'manager', level: 'moderator' } } });
    expect((await owner.api(`${base()}/control`, { body: { action: 'rules', rules: { maxQueueLength: 50, webControlLevel: 'moderator' } } })).status).toBe(200);
    const rulesNow = await eventually(async () => {
      const v = (await json(await b.api(base()))) as { rules: { maxQueueLength: number; webControlLevel: string } };
      return v.rules.webControlLevel === 'moderator' && v.rules.maxQueueLength === 50 ? v.rules : undefined;
    });
    expect(rulesNow).toMatchObject({ maxQueueLength: 50, djRoleId: null });
    expect((await b.fetch(`${base()}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
  });

  it('saves and lists playlists', async () => {
    const saved = await b.api(`${base()}/playlists`, { body: { name: 'Evening' } });
    expect(saved.status).toBe(200);
    const list = await eventually(async () => {
      const r = (await json(await b.api(`${base()}/playlists`))) as { playlists: { name: string; trackCount: number }[] };
      return r.playlists.length ? r.playlists : undefined;
    });
    expect(list).toMatchObject([{ name: 'Evening', trackCount: 2 }]);
    expect((await b.api(`${base()}/playlists`, { body: { name: '' } })).status).toBe(400);
  });

  it('uploads audio into the library; refuses what is not audio (400) and what is too large (413)', async () => {
    const upload = (bytes: Uint8Array, name: string) => {
      const form = new FormData();
      form.set('file', new Blob([bytes]), name);
      return b.fetch(`${base()}/uploads`, { method: 'POST', headers: { 'x-guildhall-csrf': '1' }, body: form });
    };
    expect(sniffAudio(oggOpus())).toEqual({ format: 'ogg/opus', durationMs: 2_500 });
    const text = await upload(new TextEncoder().encode('hello, this is not music at all'), 'song.ogg');
    expect(text.status).toBe(400);
    expect(await json(text)).toMatchObject({ error: { code: 'NOT_AUDIO', field: 'file' } });
    const big = await upload(new Uint8Array(200 * 1024), 'big.ogg');
    expect(big.status).toBe(413);
    expect(await json(big)).toMatchObject({ error: { code: 'UPLOAD_TOO_LARGE' } });
    const ok = await upload(oggOpus(), 'My_Song.opus');
    expect(ok.status).toBe(200);
    const tracks = await eventually(async () => {
      const r = (await json(await b.api(`${base()}/library?text=my%20song`))) as { tracks: Json[] };
      return r.tracks.length ? r.tracks : undefined;
    });
    expect(tracks[0]).toMatchObject({ title: 'My Song', format: 'ogg/opus', durationMs: 2_500, origin: 'upload' });
  });
});
