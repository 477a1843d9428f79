import { createHmac, timingSafeEqual } from 'node:crypto';

/** The NATS header that carries a commit's writer seal. */
export const SEAL_HEADER = 'Guildhall-Seal';

/**
 * A writer seal: HMAC-SHA256 over the subject and the exact stored bytes, keyed by the audit
 * secret. Every append through the store carries one; a message published straight to an `es.*`
 * subject by anyone without the secret does not, and the chainer and `verify` name it forged.
 */
export type Sealer = Readonly<{
  seal(subject: string, data: string | Uint8Array): string;
  check(subject: string, data: string | Uint8Array, seal: string | undefined): boolean;
}>;

export const createSealer = (key: Buffer): Sealer => {
  const mac = (subject: string, data: string | Uint8Array): Buffer => createHmac('sha256', key).update(subject).update('\n').update(data).digest();
  return {
    seal: (subject, data) => mac(subject, data).toString('base64url'),
    // Compares the 32 raw bytes (verify checks every stored commit: no base64 of ours, no string buffers).
    check: (subject, data, given) => {
      if (given === undefined || given.length !== 43) return false;
      const got = Buffer.from(given, 'base64url');
      return got.length === 32 && got.toString('base64url') === given && timingSafeEqual(mac(subject, data), got);
    },
  };
};
