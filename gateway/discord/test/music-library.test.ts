import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdtemp, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dominantFrequency } from '@guildhall/discord-sandbox';
import OpusScript from 'opusscript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError, configureFfmpeg, DEMO_TRACKS, ensureDemoLibrary, ffmpegAvailable, resolveAudioUrl, scanFile, scanLibrary, scanLibraryDetailed, writeToneFile } from '../src/music/index.js';
import { firstPackets } from '../src/music/library/ogg.js';

/** Decodes an Ogg/Opus file's packets from `fromMs` for one second → its dominant pitch. */
const pitchOf = async (path: string, fromMs = 2_000): Promise<number> => {
  const buf = await readFile(path);
  const packets = firstPackets(buf, 2 + fromMs / 20 + 50).slice(2 + fromMs / 20);
  const dec = new OpusScript(48_000, 2, OpusScript.Application.AUDIO);
  const blocks = packets.map((p) => {
    const pcm = dec.decode(p);
    const mono = new Float32Array(pcm.length / 16);
    for (let i = 0; i < mono.length; i++) mono[i] = (pcm.readInt16LE(i * 16) + pcm.readInt16LE(i * 16 + 2)) / 65_536;
    return mono;
  });
  dec.delete();
  return dominantFrequency(blocks);
};

describe('music library', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guildhall-library-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ensureDemoLibrary writes Demo 1..5 once: Ogg/Opus with tags and duration, each at its own pitch ≥ 50 Hz apart', async () => {
    const demo = join(dir, 'demo');
    const paths = await ensureDemoLibrary(demo);
    expect(paths).toHaveLength(5);
    const mtimes = await Promise.all(paths.map(async (p) => (await stat(p)).mtimeMs));
    await ensureDemoLibrary(demo);
    expect(await Promise.all(paths.map(async (p) => (await stat(p)).mtimeMs))).toEqual(mtimes);
    const tracks = await scanLibrary(demo);
    expect(tracks.map((t) => t.title)).toEqual(DEMO_TRACKS.map((t) => t.title));
    for (const [i, t] of tracks.entries()) {
      expect(t.title.startsWith(`Demo ${i + 1} — `)).toBe(true);
      expect(t).toMatchObject({ artist: 'Guildhall Tone Lab', format: 'ogg-opus' });
      expect(Math.abs(t.durationMs - 30_000)).toBeLessThan(40);
      expect(t.id).toMatch(/^[0-9a-f]{20}$/);
    }
    const pitches = await Promise.all(tracks.map((t) => pitchOf(t.path)));
    for (const [i, hz] of pitches.entries()) expect(Math.abs(hz - (DEMO_TRACKS[i]?.hz ?? 0))).toBeLessThan(3);
    const sorted = [...pitches].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] ?? 0) - (sorted[i - 1] ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('track ids are stable for an unchanged file and change when it changes', async () => {
    const p = await writeToneFile(join(dir, 'ids'), { title: 'Id Tone', artist: 'a', hz: 300, durationMs: 500 });
    const a = await scanFile(p);
    expect((await scanFile(p)).id).toBe(a.id);
    await utimes(p, new Date(), new Date(Date.now() + 5_000));
    expect((await scanFile(p)).id).not.toBe(a.id);
  });

  it('refuses what it cannot play with a code: not audio, and other formats without ffmpeg', async () => {
    const mixed = join(dir, 'mixed');
    await writeToneFile(mixed, { title: 'Good', artist: 'a', hz: 300, durationMs: 500 });
    await writeFile(join(mixed, 'broken.ogg'), 'not an ogg file at all');
    await writeFile(join(mixed, 'song.mp3'), Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00 not really mp3'));
    await writeFile(join(mixed, 'notes.txt'), 'ignored: not an audio extension');
    const { tracks, refused } = await scanLibraryDetailed(mixed);
    expect(tracks.map((t) => t.title)).toEqual(['Good']);
    expect(refused.map((r) => r.path.split('/').pop()).sort()).toEqual(['broken.ogg', 'song.mp3']);
    const expected = ffmpegAvailable() ? 'NOT_AUDIO' : 'FFMPEG_MISSING';
    for (const r of refused) expect(r.code).toBe(expected);
    // And with ffmpeg out of reach, whatever this machine has: the refusal names it.
    configureFfmpeg({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' });
    try {
      const without = await scanLibraryDetailed(mixed);
      expect(without.tracks.map((t) => t.title)).toEqual(['Good']);
      for (const r of without.refused) expect(r).toMatchObject({ code: 'FFMPEG_MISSING', reason: expect.stringContaining('ffmpeg') });
    } finally {
      configureFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    }
  });

  describe('http(s) audio URLs', () => {
    let server: Server;
    let base: string;
    let ogg: Buffer;
    beforeAll(async () => {
      ogg = await readFile(await writeToneFile(join(dir, 'url'), { title: 'Remote Tone', artist: 'Web', hz: 500, durationMs: 2_000 }));
      server = createServer((req, res) => {
        if (req.url === '/tone.opus') res.writeHead(200, { 'content-type': 'audio/ogg', 'content-length': ogg.length }).end(ogg);
        else if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
        else if (req.url === '/huge.opus') res.writeHead(200, { 'content-type': 'audio/ogg', 'content-length': 999_999_999 }).end();
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('an Ogg/Opus URL becomes a track with its tags and duration', async () => {
      const t = await resolveAudioUrl(`${base}/tone.opus`);
      expect(t).toMatchObject({ path: `${base}/tone.opus`, title: 'Remote Tone', artist: 'Web', format: 'ogg-opus' });
      expect(Math.abs(t.durationMs - 2_000)).toBeLessThan(40);
    });

    it.each([
      ['/page', 'NOT_AUDIO'],
      ['/huge.opus', 'TOO_LARGE'],
      ['/missing.opus', 'FETCH_FAILED'],
    ])('%s is refused with %s', async (path, code) => {
      await expect(resolveAudioUrl(`${base}${path}`)).rejects.toMatchObject({ code });
    });

    it('other schemes and non-URLs are refused', async () => {
      await expect(resolveAudioUrl('file:///etc/passwd')).rejects.toBeInstanceOf(AudioError);
      await expect(resolveAudioUrl('not a url')).rejects.toMatchObject({ code: 'UNSUPPORTED_URL' });
    });
  });
});
