import { createHash } from 'node:crypto';
import { AudioError, probe } from './ffmpeg.js';
import { firstPackets, lastGranule, OPUS_SAMPLE_RATE, parseOpusHead, parseOpusTags } from './ogg.js';
import type { LibraryTrack } from './scan.js';

const OGG_TYPES = new Set(['audio/ogg', 'application/ogg', 'audio/opus', 'audio/webm']);

export interface UrlOptions {
  /** Refuse bodies larger than this (default 50 MB). */
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * An http(s) audio URL → a track record. Ogg/Opus is read here (tags, duration) and plays
 * without ffmpeg; other audio types go through ffprobe/ffmpeg (FFMPEG_MISSING when absent);
 * anything that is not audio is refused with NOT_AUDIO.
 */
export const resolveAudioUrl = async (raw: string, opts: UrlOptions = {}): Promise<LibraryTrack> => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AudioError('UNSUPPORTED_URL', `not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AudioError('UNSUPPORTED_URL', `only http(s) URLs play, not ${url.protocol}`);
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000), redirect: 'follow' });
  } catch (err) {
    throw new AudioError('FETCH_FAILED', `could not fetch ${url.href}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) throw new AudioError('FETCH_FAILED', `${url.href} answered ${res.status}`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > maxBytes) {
    await res.body?.cancel();
    throw new AudioError('TOO_LARGE', `${url.href} is ${length} bytes, more than ${maxBytes}`);
  }
  const id = createHash('sha256').update(`${url.href}\0${res.headers.get('etag') ?? ''}\0${length}`).digest('hex').slice(0, 20);
  const fallbackTitle = decodeURIComponent(url.pathname.split('/').pop() ?? url.hostname) || url.hostname;
  if (OGG_TYPES.has(type)) {
    const body = await readCapped(res, maxBytes, url.href);
    const [headPacket, tagsPacket] = firstPackets(body, 2);
    const head = parseOpusHead(headPacket);
    if (head && head.channels === 2) {
      const tags = parseOpusTags(tagsPacket);
      const samples = Math.max(0, Number(lastGranule(body.subarray(Math.max(0, body.length - 65_536))) ?? 0n) - head.preSkip);
      return { id, path: url.href, title: tags?.fields.TITLE ?? fallbackTitle, artist: tags?.fields.ARTIST ?? null, durationMs: Math.round((samples / OPUS_SAMPLE_RATE) * 1000), format: 'ogg-opus' };
    }
  } else {
    await res.body?.cancel();
    if (!type.startsWith('audio/') && type !== 'application/octet-stream') throw new AudioError('NOT_AUDIO', `${url.href} is ${type || 'of no type'}, not audio`);
  }
  const p = await probe(url.href);
  return { id, path: url.href, title: p.title ?? fallbackTitle, artist: p.artist, durationMs: p.durationMs, format: 'ffmpeg' };
};

const readCapped = async (res: Response, maxBytes: number, href: string): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body) {
    total += chunk.length;
    if (total > maxBytes) throw new AudioError('TOO_LARGE', `${href} is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
};

export const isUrl = (path: string): boolean => /^https?:\/\//i.test(path);
