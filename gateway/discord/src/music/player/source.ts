import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { createAudioResource, StreamType, type AudioResource } from '@discordjs/voice';
import prism from 'prism-media';
import { AudioError, ffmpegBinary, requireFfmpeg } from '../library/ffmpeg.js';
import { isUrl } from '../library/url.js';

/** 20 ms Opus frames: seeking without ffmpeg drops offsetMs / 20 packets after the demuxer. */
const FRAME_MS = 20;

/** Drops the first `count` objects (Opus packets) of a stream. */
class SkipPackets extends Transform {
  constructor(private remaining: number) {
    super({ objectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.remaining > 0) this.remaining -= 1;
    else this.push(chunk);
    done();
  }
}

export interface SourceTrack {
  id: string;
  path: string;
  title: string;
  /** `ogg-opus` plays demuxed without ffmpeg; `ffmpeg` (or unknown) goes through ffmpeg. */
  format?: 'ogg-opus' | 'ffmpeg' | undefined;
}

export interface BuiltResource {
  resource: AudioResource<SourceTrack>;
  /** true: Opus packets straight from the file; false: decoded, volume applied, re-encoded. */
  passthrough: boolean;
  /** Ogg/Opus: at volume 1 it can play without decoding. */
  canPassthrough: boolean;
  destroy(): void;
}

const openInput = async (path: string): Promise<Readable> => {
  if (!isUrl(path)) return createReadStream(path);
  const res = await fetch(path, { signal: AbortSignal.timeout(15_000) }).catch((err: unknown) => {
    throw new AudioError('FETCH_FAILED', `could not fetch ${path}: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (!res.ok || !res.body) throw new AudioError('FETCH_FAILED', `${path} answered ${res.status}`);
  return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
};

const looksLikeOggOpus = (track: SourceTrack) => track.format === 'ogg-opus' || (track.format === undefined && /\.(opus|ogg|oga)(\?|$)/i.test(track.path));

/**
 * An audio resource for a track from `offsetMs`. Ogg/Opus at volume 1 is passed through
 * (demux only); any other volume decodes, scales and re-encodes in-process (opusscript);
 * other formats are decoded by ffmpeg (FFMPEG_MISSING when it is not installed).
 */
export const buildResource = async (track: SourceTrack, offsetMs: number, volume: number): Promise<BuiltResource> => {
  const inline = volume !== 1;
  if (looksLikeOggOpus(track)) {
    const input = await openInput(track.path);
    const demuxer = new prism.opus.OggDemuxer();
    const skip = new SkipPackets(Math.max(0, Math.floor(offsetMs / FRAME_MS)));
    const fail = (err: Error) => skip.destroy(err);
    input.once('error', fail);
    demuxer.once('error', fail);
    const stream = input.pipe(demuxer).pipe(skip);
    const resource = createAudioResource(stream, { inputType: StreamType.Opus, inlineVolume: inline, metadata: track });
    if (inline) resource.volume?.setVolume(volume);
    return { resource, passthrough: !inline, canPassthrough: true, destroy: () => (input.destroy(), stream.destroy()) };
  }
  requireFfmpeg(`playing ${track.title}`);
  const args = ['-hide_banner', '-loglevel', 'error', ...(offsetMs > 0 ? ['-ss', (offsetMs / 1000).toFixed(3)] : []), '-i', isUrl(track.path) ? track.path : 'pipe:0', '-f', 's16le', '-ar', '48000', '-ac', '2', 'pipe:1'];
  const ff = spawn(ffmpegBinary(), args, { stdio: [isUrl(track.path) ? 'ignore' : 'pipe', 'pipe', 'ignore'] });
  const out = new PassThrough();
  ff.stdout?.pipe(out);
  ff.once('error', (err) => out.destroy(err));
  if (!isUrl(track.path) && ff.stdin) {
    const file = createReadStream(track.path);
    file.once('error', (err) => out.destroy(err));
    ff.stdin.on('error', () => undefined); // ffmpeg may stop reading once it has enough
    file.pipe(ff.stdin);
  }
  const resource = createAudioResource(out, { inputType: StreamType.Raw, inlineVolume: inline, metadata: track });
  if (inline) resource.volume?.setVolume(volume);
  return { resource, passthrough: false, canPassthrough: false, destroy: () => (ff.kill('SIGKILL'), out.destroy()) };
};
