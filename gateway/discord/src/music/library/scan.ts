import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { AudioError, ffmpegAvailable, probe } from './ffmpeg.js';
import { firstPackets, lastGranule, OPUS_SAMPLE_RATE, parseOpusHead, parseOpusTags } from './ogg.js';

/**
 * `ogg-opus`: Ogg/Opus at 48 kHz stereo, played without ffmpeg (demuxed, no re-encode);
 * anything else plays through ffmpeg.
 */
export type TrackFormat = 'ogg-opus' | 'ffmpeg';

export interface LibraryTrack {
  /** Stable while the file is unchanged: a hash of its absolute path, size and mtime. */
  id: string;
  /** Absolute file path, or an http(s) URL. */
  path: string;
  title: string;
  artist: string | null;
  durationMs: number;
  format: TrackFormat;
}

export interface ScanResult {
  tracks: LibraryTrack[];
  /** Files skipped, with the reason (e.g. FFMPEG_MISSING for an mp3 without ffmpeg). */
  refused: { path: string; code: string; reason: string }[];
}

const AUDIO_EXTENSIONS = new Set(['.opus', '.ogg', '.oga', '.mp3', '.flac', '.wav', '.m4a', '.aac', '.webm', '.mka']);
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 64 * 1024;

const titleFromFile = (path: string) => basename(path, extname(path)).replace(/[-_]+/g, ' ').trim();

export const trackId = (path: string, size: number, mtimeMs: number): string =>
  createHash('sha256').update(`${path}\0${size}\0${Math.round(mtimeMs)}`).digest('hex').slice(0, 20);

/** Reads an Ogg/Opus file's head, tags and duration; null when it is not Ogg/Opus. */
export const readOggOpusInfo = async (path: string): Promise<{ title: string | null; artist: string | null; durationMs: number; passthrough: boolean } | null> => {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await fh.read(head, 0, head.length, 0);
    const [headPacket, tagsPacket] = firstPackets(head, 2);
    const opusHead = parseOpusHead(headPacket);
    if (!opusHead) return null;
    const tags = parseOpusTags(tagsPacket);
    const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    const granule = lastGranule(tail) ?? 0n;
    const samples = Math.max(0, Number(granule) - opusHead.preSkip);
    return {
      title: tags?.fields.TITLE ?? null,
      artist: tags?.fields.ARTIST ?? null,
      durationMs: Math.round((samples / OPUS_SAMPLE_RATE) * 1000),
      // @discordjs/voice passes Ogg/Opus through only at 2 channels, 48 kHz.
      passthrough: opusHead.channels === 2,
    };
  } finally {
    await fh.close();
  }
};

/** One file → a track record, or an AudioError saying why it cannot be played here. */
export const scanFile = async (file: string): Promise<LibraryTrack> => {
  const path = resolve(file);
  const st = await stat(path);
  const id = trackId(path, st.size, st.mtimeMs);
  const ogg = ['.opus', '.ogg', '.oga'].includes(extname(path).toLowerCase()) ? await readOggOpusInfo(path) : null;
  if (ogg && (ogg.passthrough || !ffmpegAvailable())) {
    if (!ogg.passthrough) throw new AudioError('FFMPEG_MISSING', `${path}: mono Ogg/Opus needs ffmpeg to play, which is not installed`);
    return { id, path, title: ogg.title ?? titleFromFile(path), artist: ogg.artist, durationMs: ogg.durationMs, format: 'ogg-opus' };
  }
  const p = await probe(path);
  return { id, path, title: p.title ?? titleFromFile(path), artist: p.artist, durationMs: p.durationMs, format: 'ffmpeg' };
};

const walk = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(p)));
    else if (entry.isFile() && AUDIO_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(p);
  }
  return out.sort();
};

/** Scans a folder (recursively) into track records, and says which files it refused and why. */
export const scanLibraryDetailed = async (dir: string): Promise<ScanResult> => {
  const result: ScanResult = { tracks: [], refused: [] };
  for (const file of await walk(resolve(dir))) {
    try {
      result.tracks.push(await scanFile(file));
    } catch (err) {
      const code = err instanceof AudioError ? err.code : 'UNREADABLE';
      result.refused.push({ path: file, code, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
};

/** The playable tracks of a folder, sorted by path. */
export const scanLibrary = async (dir: string): Promise<LibraryTrack[]> => (await scanLibraryDetailed(dir)).tracks;
