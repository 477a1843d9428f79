import { createDecipheriv } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';

/** The transport encryption modes the sandbox offers, in the order Ready lists them. */
export const VOICE_MODES = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const;
export type VoiceMode = (typeof VOICE_MODES)[number];

export interface RtpPacket {
  sequence: number;
  timestamp: number;
  ssrc: number;
}

/** Parses an RTP header (version 2, payload type 120 as Discord uses) or returns null. */
export const parseRtp = (packet: Buffer): (RtpPacket & { headerLength: number }) | null => {
  if (packet.length < 12 + 16 + 4) return null;
  if ((packet[0] ?? 0) >> 6 !== 2 || ((packet[1] ?? 0) & 0x7f) !== 0x78) return null;
  const csrc = (packet[0] ?? 0) & 0x0f;
  const extension = ((packet[0] ?? 0) & 0x10) !== 0;
  // rtpsize modes authenticate the fixed header, the CSRCs and the 4-byte extension preamble.
  const headerLength = 12 + csrc * 4 + (extension ? 4 : 0);
  return { sequence: packet.readUInt16BE(2), timestamp: packet.readUInt32BE(4), ssrc: packet.readUInt32BE(8), headerLength };
};

/**
 * Decrypts an `*_rtpsize` packet: header | ciphertext | 16-byte tag | 4-byte nonce counter.
 * Returns the Opus payload (extension body stripped), or null when authentication fails.
 */
export const decryptRtp = (mode: VoiceMode, key: Uint8Array, packet: Buffer, headerLength: number): Buffer | null => {
  const aad = packet.subarray(0, headerLength);
  const nonce4 = packet.subarray(packet.length - 4);
  const tag = packet.subarray(packet.length - 20, packet.length - 4);
  const ciphertext = packet.subarray(headerLength, packet.length - 20);
  let plain: Buffer;
  try {
    if (mode === 'aead_aes256_gcm_rtpsize') {
      const nonce = Buffer.concat([nonce4, Buffer.alloc(8)]);
      const d = createDecipheriv('aes-256-gcm', key, nonce);
      d.setAAD(aad);
      d.setAuthTag(tag);
      plain = Buffer.concat([d.update(ciphertext), d.final()]);
    } else {
      const nonce = Buffer.concat([nonce4, Buffer.alloc(20)]);
      plain = Buffer.from(xchacha20poly1305(key, nonce, aad).decrypt(Buffer.concat([ciphertext, tag])));
    }
  } catch {
    return null;
  }
  // With the extension bit set, the (encrypted) extension body comes first: 4 bytes per word.
  if (((packet[0] ?? 0) & 0x10) !== 0 && headerLength >= 16) {
    const words = packet.readUInt16BE(headerLength - 2);
    return plain.subarray(words * 4);
  }
  return plain;
};
