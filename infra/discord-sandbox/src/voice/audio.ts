import OpusScript from 'opusscript';

/** Opus frames of Discord voice: 48 kHz stereo, 20 ms = 960 samples per channel. */
const SAMPLE_RATE = 48_000;
/** Analysis runs on mono audio decimated by 4 (12 kHz): plenty for tones below 4 kHz. */
const DECIMATE = 4;
const ANALYSIS_RATE = SAMPLE_RATE / DECIMATE;
const FFT_SIZE = 16_384;
const WINDOW_MS = 1_000;
/** Below this RMS (0..1) a decoded frame counts as silence (about -80 dBFS). */
const SILENCE_RMS = 1e-4;
/** The Opus silence frame clients send after they stop speaking. */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

interface FrameRecord {
  at: number;
  sumSquares: number;
  samples: number;
  mono: Float32Array;
  silent: boolean;
}

/** A change heard in the audio, timed at the frame's arrival (epoch ms). */
export interface AudioChange {
  at: number;
  kind: 'silence' | 'audio' | 'pitch';
  /** The frame's pitch by zero crossings (coarse, about ±25 Hz); 0 for silence. */
  hz: number;
}

const TIMELINE = 500;

export interface AudioFigures {
  frames: number;
  silentFrames: number;
  /** Frames the Opus decoder rejected. */
  decodeFailures: number;
  /** RMS loudness over the last second, 0..1 (full-scale sine = 0.707). */
  rms: number;
  /** Strongest frequency over the last second in Hz, 0 when nothing audible arrived. */
  dominantHz: number;
}

/**
 * Decodes every received Opus frame and keeps the last second for loudness (RMS) and pitch
 * (the peak of a Hann-windowed FFT, refined by parabolic interpolation).
 */
export class AudioAnalyzer {
  frames = 0;
  silentFrames = 0;
  decodeFailures = 0;
  private decoder: OpusScript | null = null;
  private recent: FrameRecord[] = [];
  /** Silence/audio starts and pitch changes, for command → effect latencies. */
  readonly timeline: AudioChange[] = [];
  private heard: { silent: boolean; hz: number; candidate: number | null } = { silent: true, hz: 0, candidate: null };

  constructor(private readonly now: () => number = Date.now) {}

  /** One decrypted Opus packet. */
  push(opus: Buffer): void {
    this.frames += 1;
    const at = this.now();
    if (opus.equals(OPUS_SILENCE)) {
      this.silentFrames += 1;
      this.remember({ at, sumSquares: 0, samples: 960, mono: new Float32Array(960 / DECIMATE), silent: true });
      this.track(at, true, 0);
      return;
    }
    let pcm: Buffer;
    try {
      this.decoder ??= new OpusScript(SAMPLE_RATE, 2, OpusScript.Application.AUDIO);
      pcm = this.decoder.decode(opus);
    } catch {
      this.decodeFailures += 1;
      return;
    }
    const samples = pcm.length / 4;
    const mono = new Float32Array(Math.floor(samples / DECIMATE));
    let sumSquares = 0;
    let crossings = 0;
    let prev = 0;
    for (let i = 0; i < samples; i++) {
      const v = (pcm.readInt16LE(i * 4) + pcm.readInt16LE(i * 4 + 2)) / 65_536;
      if (i > 0 && (v >= 0) !== (prev >= 0)) crossings += 1;
      prev = v;
      sumSquares += v * v;
      const j = Math.floor(i / DECIMATE);
      if (j < mono.length) mono[j] = (mono[j] ?? 0) + v / DECIMATE;
    }
    const silent = Math.sqrt(sumSquares / Math.max(1, samples)) < SILENCE_RMS;
    if (silent) this.silentFrames += 1;
    this.remember({ at, sumSquares, samples, mono, silent });
    this.track(at, silent, silent ? 0 : (crossings / 2) * (SAMPLE_RATE / Math.max(1, samples)));
  }

  /** Notes silence ⇄ audio at once, and a pitch change once two frames in a row agree on it. */
  private track(at: number, silent: boolean, hz: number): void {
    const h = this.heard;
    const log = (kind: AudioChange['kind']) => {
      this.timeline.push({ at, kind, hz: Math.round(hz) });
      if (this.timeline.length > TIMELINE) this.timeline.shift();
    };
    if (silent) {
      if (!h.silent) log('silence');
      this.heard = { silent: true, hz: h.hz, candidate: null };
      return;
    }
    if (h.silent) {
      log('audio');
      this.heard = { silent: false, hz, candidate: null };
      return;
    }
    if (Math.abs(hz - h.hz) <= 40) {
      h.candidate = null;
      return;
    }
    if (h.candidate !== null && Math.abs(hz - h.candidate) <= 40) {
      log('pitch');
      this.heard = { silent: false, hz, candidate: null };
    } else h.candidate = hz;
  }

  private remember(f: FrameRecord): void {
    this.recent.push(f);
    this.prune(f.at);
  }

  private prune(now: number): void {
    while (this.recent.length && (this.recent[0]?.at ?? now) < now - WINDOW_MS) this.recent.shift();
  }

  figures(): AudioFigures {
    this.prune(this.now());
    const frames = this.recent;
    const totalSamples = frames.reduce((a, f) => a + f.samples, 0);
    const rms = totalSamples ? Math.sqrt(frames.reduce((a, f) => a + f.sumSquares, 0) / totalSamples) : 0;
    const audible = frames.filter((f) => !f.silent);
    return {
      frames: this.frames,
      silentFrames: this.silentFrames,
      decodeFailures: this.decodeFailures,
      rms: Number(rms.toFixed(4)),
      dominantHz: audible.length ? Number(dominantFrequency(audible.map((f) => f.mono)).toFixed(1)) : 0,
    };
  }

  close(): void {
    this.decoder?.delete();
    this.decoder = null;
  }
}

/** The strongest frequency (40 Hz .. 4 kHz) of 12 kHz mono blocks laid end to end. */
export const dominantFrequency = (blocks: Float32Array[]): number => {
  const re = new Float64Array(FFT_SIZE);
  const im = new Float64Array(FFT_SIZE);
  const n = Math.min(FFT_SIZE, blocks.reduce((a, b) => a + b.length, 0));
  let k = 0;
  for (const b of blocks) {
    for (const v of b) {
      if (k >= n) break;
      re[k] = v * (0.5 - 0.5 * Math.cos((2 * Math.PI * k) / Math.max(1, n - 1)));
      k += 1;
    }
  }
  fft(re, im);
  const lo = Math.ceil((40 * FFT_SIZE) / ANALYSIS_RATE);
  const hi = Math.floor((4_000 * FFT_SIZE) / ANALYSIS_RATE);
  let best = lo;
  let bestMag = -1;
  const mag = (i: number) => Math.hypot(re[i] ?? 0, im[i] ?? 0);
  for (let i = lo; i <= hi; i++) {
    const m = mag(i);
    if (m > bestMag) {
      bestMag = m;
      best = i;
    }
  }
  if (bestMag <= 0) return 0;
  const a = mag(best - 1);
  const b = bestMag;
  const c = mag(best + 1);
  const denom = a - 2 * b + c;
  const shift = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
  return ((best + shift) * ANALYSIS_RATE) / FFT_SIZE;
};

/** In-place iterative radix-2 FFT; the length must be a power of two. */
const fft = (re: Float64Array, im: Float64Array): void => {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let j = 0; j < len / 2; j++) {
        const ar = re[i + j] ?? 0;
        const ai = im[i + j] ?? 0;
        const br = re[i + j + len / 2] ?? 0;
        const bi = im[i + j + len / 2] ?? 0;
        const tr = br * cr - bi * ci;
        const ti = br * ci + bi * cr;
        re[i + j] = ar + tr;
        im[i + j] = ai + ti;
        re[i + j + len / 2] = ar - tr;
        im[i + j + len / 2] = ai - ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
};
