import { createHmac, timingSafeEqual } from 'node:crypto';
import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';

/**
 * The signed tokens of the links in an email: unsubscribe (works without sign-in, never expires)
 * and confirm an address (expires). HMAC-SHA256 over the payload with a secret the notifier (which
 * writes the links) and the API (which checks them) share. Node only: not in the package root.
 */
const PayloadSchema = z.discriminatedUnion('p', [
  z.object({ p: z.literal('unsubscribe'), u: SnowflakeSchema }),
  z.object({ p: z.literal('confirm'), u: SnowflakeSchema, c: z.string().min(1).max(100), x: z.number().int() }),
]);
export type LinkPayload = z.output<typeof PayloadSchema>;

export type LinkCheck = Readonly<{ ok: true; payload: LinkPayload }> | Readonly<{ ok: false; code: 'LINK_INVALID' | 'LINK_EXPIRED'; reason: string }>;

const mac = (secret: string, body: string): Buffer => createHmac('sha256', secret).update(`guildhall-notification-link\u001f${body}`).digest();

export const signLink = (secret: string, payload: LinkPayload): string => {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
};

export const verifyLink = (secret: string, token: string, now: Date = new Date()): LinkCheck => {
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length > 0) return { ok: false, code: 'LINK_INVALID', reason: 'the token is not <payload>.<signature>' };
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'LINK_INVALID', reason: 'the signature does not match' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'LINK_INVALID', reason: 'the payload is not JSON' };
  }
  const parsed = PayloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'LINK_INVALID', reason: 'the payload is not a link of ours' };
  if (parsed.data.p === 'confirm' && parsed.data.x * 1000 < now.getTime()) return { ok: false, code: 'LINK_EXPIRED', reason: 'the confirmation link expired: ask for a new one' };
  return { ok: true, payload: parsed.data };
};

/** The secret's setting: NOTIFY_LINK_SECRET (≥ 16 characters), shared by the notifier and the API; a demo default otherwise. */
export const DEMO_LINK_SECRET = 'guildhall-demo-notification-links';
export const LinkSecretSettingsSchema = z.object({ NOTIFY_LINK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEMO_LINK_SECRET) });
