/**
 * What an uploaded file is, from its first bytes (never its name or the browser's type), and its
 * length when the container says it cheaply: Ogg (Opus or Vorbis, from the last page's granule
 * position), WAVE (data size / byte rate), FLAC (STREAMINFO), MP3 (ID3 or a frame sync; length unknown).
 */
export type SniffedAudio = Readonly<{ format: 'ogg/opus' | 'ogg/vorbis' | 'wav' | 'flac' | 'mp3'; durationMs: number | null }>;

const ascii = (b: Uint8Array, at: number, text: string): boolean => [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));

const oggDuration = (b: Uint8Array, sampleRate: number): number | null => {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = b.length - 27; i >= 0; i--) {
    if (ascii(b, i, 'OggS')) {
      const granule = Number(view.getBigUint64(i + 6, true));
      return granule > 0 && Number.isSafeInteger(granule) ? Math.round((granule / sampleRate) * 1000) : null;
    }
  }
  return null;
};

export const sniffAudio = (b: Uint8Array): SniffedAudio | null => {
  if (b.length < 12) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (ascii(b, 0, 'OggS')) {
    // The first page's packet: OpusHead (always 48 kHz granules) or \x01vorbis (rate at +12).
    const segments = b[26] ?? 0;
    const packet = 27 + segments;
    if (ascii(b, packet, 'OpusHead')) return { format: 'ogg/opus', durationMs: oggDuration(b, 48_000) };
    if (b[packet] === 1 && ascii(b, packet + 1, 'vorbis') && b.length >= packet + 16) {
      const rate = view.getUint32(packet + 12, true);
      return { format: 'ogg/vorbis', durationMs: rate > 0 ? oggDuration(b, rate) : null };
    }
    return null;
  }
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) {
    let byteRate = 0;
    for (let i = 12; i + 8 <= b.length; ) {
      const size = view.getUint32(i + 4, true);
      if (ascii(b, i, 'fmt ') && i + 16 <= b.length) byteRate = view.getUint32(i + 16, true);
      if (ascii(b, i, 'data')) return { format: 'wav', durationMs: byteRate > 0 ? Math.round((size / byteRate) * 1000) : null };
      i += 8 + size + (size % 2);
    }
    return null;
  }
  if (ascii(b, 0, 'fLaC') && b.length >= 42) {
    // STREAMINFO: 20 bits sample rate, 3 channels, 5 bits per sample, 36 bits total samples, from byte 18.
    const rate = (b[18]! << 12) | (b[19]! << 4) | (b[20]! >> 4);
    const total = (b[21]! & 0x0f) * 2 ** 32 + view.getUint32(22);
    return { format: 'flac', durationMs: rate > 0 && total > 0 ? Math.round((total / rate) * 1000) : null };
  }
  if (ascii(b, 0, 'ID3') || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x06) !== 0)) return { format: 'mp3', durationMs: null };
  return null;
};
