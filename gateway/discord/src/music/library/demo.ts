import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpusScript from 'opusscript';
import { OPUS_SAMPLE_RATE, writeOggOpus } from './ogg.js';

export interface ToneSpec {
  title: string;
  artist: string;
  /** The fundamental, the dominant pitch the sandbox hears. */
  hz: number;
  durationMs: number;
  /** Peak amplitude of the fundamental, 0..1. */
  amplitude?: number;
}

/** Five tones at least 110 Hz apart, so the sandbox can tell from the audio which one plays. */
export const DEMO_TRACKS: readonly ToneSpec[] = [
  { title: 'Demo 1 — Amber Drone (220 Hz)', artist: 'Guildhall Tone Lab', hz: 220, durationMs: 30_000 },
  { title: 'Demo 2 — Harbour Bell (330 Hz)', artist: 'Guildhall Tone Lab', hz: 330, durationMs: 30_000 },
  { title: 'Demo 3 — Concert A (440 Hz)', artist: 'Guildhall Tone Lab', hz: 440, durationMs: 30_000 },
  { title: 'Demo 4 — Bright Glass (550 Hz)', artist: 'Guildhall Tone Lab', hz: 550, durationMs: 30_000 },
  { title: 'Demo 5 — High Lantern (660 Hz)', artist: 'Guildhall Tone Lab', hz: 660, durationMs: 30_000 },
];

const FRAME = 960;
const OPUS_SET_BITRATE = 4002;

/**
 * A stereo Ogg/Opus tone encoded in-process (opusscript, no ffmpeg): the fundamental plus a
 * quiet octave, with 20 ms fades so starts and ends do not click.
 */
export const encodeTone = (spec: ToneSpec): Buffer => {
  const encoder = new OpusScript(OPUS_SAMPLE_RATE, 2, OpusScript.Application.AUDIO);
  try {
    encoder.encoderCTL(OPUS_SET_BITRATE, 64_000);
    const total = Math.round((spec.durationMs / 1000) * OPUS_SAMPLE_RATE);
    const frames = Math.ceil(total / FRAME);
    const amp = spec.amplitude ?? 0.5;
    const fade = OPUS_SAMPLE_RATE / 50;
    const pcm = Buffer.alloc(FRAME * 4);
    const packets: Buffer[] = [];
    for (let f = 0; f < frames; f++) {
      for (let i = 0; i < FRAME; i++) {
        const n = f * FRAME + i;
        const t = n / OPUS_SAMPLE_RATE;
        const env = n >= total ? 0 : Math.min(1, n / fade, (total - n) / fade);
        const v = env * amp * (Math.sin(2 * Math.PI * spec.hz * t) + 0.2 * Math.sin(4 * Math.PI * spec.hz * t));
        const s = Math.max(-32_768, Math.min(32_767, Math.round(v * 32_767)));
        pcm.writeInt16LE(s, i * 4);
        pcm.writeInt16LE(s, i * 4 + 2);
      }
      packets.push(Buffer.from(encoder.encode(pcm, FRAME)));
    }
    return writeOggOpus(packets, { channels: 2, tags: { TITLE: spec.title, ARTIST: spec.artist } });
  } finally {
    encoder.delete();
  }
};

/** A file name for a track title: `Demo 1 — Amber Drone (220 Hz)` → `demo-1-amber-drone-220-hz.opus`. */
export const fileNameOf = (title: string): string =>
  `${title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.opus`;

/** Writes one tone file atomically (temp name, then rename) and returns its path. */
export const writeToneFile = async (dir: string, spec: ToneSpec): Promise<string> => {
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileNameOf(spec.title));
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, encodeTone(spec));
  await rename(tmp, path);
  return path;
};

/**
 * Makes the demo library in `dir` at first start (royalty-free by construction): the tracks of
 * DEMO_TRACKS that are missing are generated; existing files are left alone. Returns the paths.
 */
export const ensureDemoLibrary = async (dir: string): Promise<string[]> => {
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const paths: string[] = [];
  for (const spec of DEMO_TRACKS) {
    const name = fileNameOf(spec.title);
    paths.push(present.has(name) ? join(dir, name) : await writeToneFile(dir, spec));
  }
  return paths;
};
