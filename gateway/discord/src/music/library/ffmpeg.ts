import { execFile, spawnSync } from 'node:child_process';
import { z } from 'zod';

/** Errors of the library and the player carry stable codes. */
export type AudioErrorCode = 'FFMPEG_MISSING' | 'NOT_AUDIO' | 'UNREADABLE' | 'TOO_LARGE' | 'UNSUPPORTED_URL' | 'FETCH_FAILED' | 'UNKNOWN_GUILD' | 'JOIN_TIMEOUT';

export class AudioError extends Error {
  constructor(
    readonly code: AudioErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AudioError';
  }
}

let available: boolean | null = null;
const binaries = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

/** Which ffmpeg/ffprobe to run (default: from PATH); re-checks availability. */
export const configureFfmpeg = (paths: { ffmpeg?: string; ffprobe?: string }): void => {
  if (paths.ffmpeg) binaries.ffmpeg = paths.ffmpeg;
  if (paths.ffprobe) binaries.ffprobe = paths.ffprobe;
  available = null;
};

export const ffmpegBinary = (): string => binaries.ffmpeg;

/** Whether ffmpeg and ffprobe (Debian's, from PATH by default) run (checked once per configuration). */
export const ffmpegAvailable = (): boolean => {
  if (available === null) {
    const ok = (bin: string) => spawnSync(bin, ['-version'], { stdio: 'ignore' }).status === 0;
    available = ok(binaries.ffmpeg) && ok(binaries.ffprobe);
  }
  return available;
};

export const requireFfmpeg = (what: string): void => {
  if (!ffmpegAvailable()) throw new AudioError('FFMPEG_MISSING', `${what} needs ffmpeg, which is not installed (apt-get install ffmpeg); only Ogg/Opus plays without it`);
};

const ProbeOutput = z.object({
  format: z.object({
    duration: z.string().optional(),
    format_name: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
  streams: z.array(z.object({ codec_type: z.string().optional(), codec_name: z.string().optional() })).default([]),
});

export interface ProbeResult {
  title: string | null;
  artist: string | null;
  durationMs: number;
  formatName: string;
  codec: string | null;
}

/** ffprobe of a file or URL: duration, tags and the audio codec; NOT_AUDIO when it has no audio stream. */
export const probe = (input: string): Promise<ProbeResult> => {
  requireFfmpeg(`reading ${input}`);
  return new Promise((resolve, reject) => {
    execFile(binaries.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], { timeout: 15_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(new AudioError('NOT_AUDIO', `ffprobe could not read ${input} as audio`));
      const parsed = ProbeOutput.safeParse(JSON.parse(stdout));
      if (!parsed.success) return reject(new AudioError('UNREADABLE', `ffprobe gave unexpected output for ${input}`));
      const audio = parsed.data.streams.find((s) => s.codec_type === 'audio');
      if (!audio) return reject(new AudioError('NOT_AUDIO', `${input} has no audio stream`));
      const tags = Object.fromEntries(Object.entries(parsed.data.format.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      resolve({
        title: tags.title ?? null,
        artist: tags.artist ?? null,
        durationMs: Math.round(Number(parsed.data.format.duration ?? 0) * 1000),
        formatName: parsed.data.format.format_name ?? 'unknown',
        codec: audio.codec_name ?? null,
      });
    });
  });
};
