import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const Snowflake = z.string().regex(/^\d{1,20}$/);

export const SessionGuildSchema = z.object({
  id: Snowflake,
  name: z.string().max(100),
  icon: z.string().max(100).nullable(),
  owner: z.boolean(),
  /** Discord's permission bit set, as a decimal string. */
  permissions: z.string().regex(/^\d{1,40}$/),
});
export type SessionGuild = z.infer<typeof SessionGuildSchema>;

/** What a signed-in dashboard user carries: who, and the guilds they may manage with their permissions at sign-in. */
export const SessionSchema = z.object({
  v: z.literal(1),
  user: z.object({ id: Snowflake, name: z.string().min(1).max(100), avatar: z.string().max(100).nullable() }),
  guilds: z.array(SessionGuildSchema).max(200),
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type Session = z.infer<typeof SessionSchema>;

/** Browsers keep cookies up to ~4 KB; names are dropped before guilds are. */
const MAX_COOKIE_VALUE = 3_800;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/**
 * Signed (HMAC-SHA256), not encrypted: the session holds nothing secret (no Discord token), only
 * what the user may do, and the signature stops anyone from changing it.
 */
export class SessionCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A secret for one process (dev): sessions end when it restarts. */
  static randomSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  encode(session: Session): string {
    let s = session;
    let body = b64(JSON.stringify(s));
    if (body.length > MAX_COOKIE_VALUE) {
      s = { ...s, guilds: s.guilds.map((g) => ({ ...g, name: g.name.slice(0, 24), icon: null })) };
      body = b64(JSON.stringify(s));
    }
    while (body.length > MAX_COOKIE_VALUE && s.guilds.length > 0) {
      s = { ...s, guilds: s.guilds.slice(0, -1) };
      body = b64(JSON.stringify(s));
    }
    return `${body}.${this.sign(body)}`;
  }

  /** The session when the signature holds, the shape is right and it has not expired; else null. */
  decode(value: string | undefined, now: number = Date.now()): Session | null {
    if (!value) return null;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return null;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const parsed = SessionSchema.safeParse(json);
    if (!parsed.success || parsed.data.expiresAt <= now) return null;
    return parsed.data;
  }
}
