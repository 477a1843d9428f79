/**
 * Ogg/Opus, just enough of it: write a file from Opus packets (RFC 7845: OpusHead, OpusTags,
 * pages with CRC), and read back the head, the tags and the duration (last granule position).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

const oggCrc = (buf: Uint8Array): number => {
  let crc = 0;
  for (const byte of buf) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] ?? 0)) >>> 0;
  return crc >>> 0;
};

export const OPUS_SAMPLE_RATE = 48_000;
/** The encoder delay written in OpusHead (what libopus reports at 48 kHz). */
export const DEFAULT_PRE_SKIP = 312;

export interface OpusHead {
  channels: number;
  preSkip: number;
  inputSampleRate: number;
}

export interface OpusTags {
  vendor: string;
  /** Upper-cased field names (TITLE, ARTIST, …) to their first value. */
  fields: Record<string, string>;
}

const page = (packets: Buffer[], opts: { serial: number; sequence: number; granule: bigint; bos?: boolean; eos?: boolean }): Buffer => {
  const lacing: number[] = [];
  for (const p of packets) {
    let n = p.length;
    while (n >= 255) {
      lacing.push(255);
      n -= 255;
    }
    lacing.push(n);
  }
  if (lacing.length > 255) throw new Error('too many segments for one Ogg page');
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[4] = 0;
  header[5] = (opts.bos ? 0x02 : 0) | (opts.eos ? 0x04 : 0);
  header.writeBigInt64LE(opts.granule, 6);
  header.writeUInt32LE(opts.serial, 14);
  header.writeUInt32LE(opts.sequence, 18);
  header.writeUInt32LE(0, 22);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const out = Buffer.concat([header, ...packets]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
};

export const opusHeadPacket = (channels: number, preSkip = DEFAULT_PRE_SKIP): Buffer => {
  const b = Buffer.alloc(19);
  b.write('OpusHead', 0, 'latin1');
  b[8] = 1;
  b[9] = channels;
  b.writeUInt16LE(preSkip, 10);
  b.writeUInt32LE(OPUS_SAMPLE_RATE, 12);
  b.writeInt16LE(0, 16);
  b[18] = 0;
  return b;
};

export const opusTagsPacket = (vendor: string, fields: Record<string, string>): Buffer => {
  const parts: Buffer[] = [Buffer.from('OpusTags', 'latin1')];
  const str = (s: string) => {
    const data = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(data.length);
    parts.push(len, data);
  };
  str(vendor);
  const entries = Object.entries(fields);
  const count = Buffer.alloc(4);
  count.writeUInt32LE(entries.length);
  parts.push(count);
  for (const [k, v] of entries) str(`${k.toUpperCase()}=${v}`);
  return Buffer.concat(parts);
};

/**
 * An Ogg/Opus file from 20 ms Opus packets (960 samples each at 48 kHz), 50 packets (one
 * second) per page.
 */
export const writeOggOpus = (packets: Buffer[], opts: { channels: number; tags: Record<string, string>; serial?: number; preSkip?: number; samplesPerPacket?: number }): Buffer => {
  const serial = opts.serial ?? 0x6775696c;
  const preSkip = opts.preSkip ?? DEFAULT_PRE_SKIP;
  const perPacket = opts.samplesPerPacket ?? 960;
  const pages: Buffer[] = [
    page([opusHeadPacket(opts.channels, preSkip)], { serial, sequence: 0, granule: 0n, bos: true }),
    page([opusTagsPacket('guildhall demo library', opts.tags)], { serial, sequence: 1, granule: 0n }),
  ];
  let sequence = 2;
  for (let i = 0; i < packets.length; i += 50) {
    const chunk = packets.slice(i, i + 50);
    const granule = BigInt(Math.min(packets.length, i + 50) * perPacket);
    pages.push(page(chunk, { serial, sequence: sequence++, granule, eos: i + 50 >= packets.length }));
  }
  return Buffer.concat(pages);
};

interface RawPage {
  granule: bigint;
  segments: number[];
  body: Buffer;
  end: number;
}

const readPage = (buf: Buffer, at: number): RawPage | null => {
  if (at + 27 > buf.length || buf.toString('latin1', at, at + 4) !== 'OggS') return null;
  const count = buf[at + 26] ?? 0;
  if (at + 27 + count > buf.length) return null;
  const segments = [...buf.subarray(at + 27, at + 27 + count)];
  const size = segments.reduce((a, b) => a + b, 0);
  const start = at + 27 + count;
  if (start + size > buf.length) return null;
  return { granule: buf.readBigInt64LE(at + 6), segments, body: buf.subarray(start, start + size), end: start + size };
};

/** The first packets of an Ogg stream (enough for OpusHead and OpusTags), from its first bytes. */
export const firstPackets = (buf: Buffer, want = 2): Buffer[] => {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let at = 0;
  while (packets.length < want) {
    const p = readPage(buf, at);
    if (!p) break;
    let offset = 0;
    for (const seg of p.segments) {
      pending.push(p.body.subarray(offset, offset + seg));
      offset += seg;
      if (seg < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
        if (packets.length >= want) break;
      }
    }
    at = p.end;
  }
  return packets;
};

export const parseOpusHead = (packet: Buffer | undefined): OpusHead | null => {
  if (!packet || packet.length < 19 || packet.toString('latin1', 0, 8) !== 'OpusHead') return null;
  return { channels: packet[9] ?? 0, preSkip: packet.readUInt16LE(10), inputSampleRate: packet.readUInt32LE(12) };
};

export const parseOpusTags = (packet: Buffer | undefined): OpusTags | null => {
  if (!packet || packet.length < 16 || packet.toString('latin1', 0, 8) !== 'OpusTags') return null;
  let at = 8;
  const str = (): string | null => {
    if (at + 4 > packet.length) return null;
    const len = packet.readUInt32LE(at);
    at += 4;
    if (at + len > packet.length) return null;
    const s = packet.toString('utf8', at, at + len);
    at += len;
    return s;
  };
  const vendor = str() ?? '';
  if (at + 4 > packet.length) return { vendor, fields: {} };
  const count = packet.readUInt32LE(at);
  at += 4;
  const fields: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const c = str();
    if (c === null) break;
    const eq = c.indexOf('=');
    if (eq <= 0) continue;
    const k = c.slice(0, eq).toUpperCase();
    fields[k] ??= c.slice(eq + 1);
  }
  return { vendor, fields };
};

/** The granule position of the last page in `tail` (the end of a file), or null. */
export const lastGranule = (tail: Buffer): bigint | null => {
  for (let at = tail.lastIndexOf('OggS'); at >= 0; at = at > 0 ? tail.lastIndexOf('OggS', at - 1) : -1) {
    if (at + 14 <= tail.length && tail[at + 4] === 0) {
      const g = tail.readBigInt64LE(at + 6);
      if (g >= 0n) return g;
    }
  }
  return null;
};
