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
  const seal = (subject: string, data: string | Uint8Array): string =>
    createHmac('sha256', key).update(subject).update('\n').update(data).digest('base64url');
  return {
    seal,
    check: (subject, data, given) => {
      if (given === undefined || given.length === 0) return false;
      const want = Buffer.from(seal(subject, data));
      const got = Buffer.from(given);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
};
