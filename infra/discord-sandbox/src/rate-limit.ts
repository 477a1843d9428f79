import { createHash } from 'node:crypto';

export interface BucketRule {
  limit: number;
  windowMs: number;
}

/**
 * Discord's per-route buckets (limits as observed on Discord). Windows are multiplied by a
 * scale (default 0.2) so the bot meets real 429 handling without tests waiting seconds.
 */
const RULES: { method: string; pattern: RegExp; rule: BucketRule }[] = [
  { method: 'POST', pattern: /^channels\/\d+\/messages$/, rule: { limit: 5, windowMs: 5000 } },
  { method: 'DELETE', pattern: /^channels\/\d+\/messages\/:id$/, rule: { limit: 5, windowMs: 1000 } },
  { method: 'POST', pattern: /^channels\/\d+\/messages\/bulk-delete$/, rule: { limit: 1, windowMs: 1000 } },
  { method: 'PATCH', pattern: /^guilds\/\d+\/members\/:id$/, rule: { limit: 10, windowMs: 10_000 } },
  { method: 'PUT', pattern: /^guilds\/\d+\/bans\/:id$/, rule: { limit: 5, windowMs: 5000 } },
];
const DEFAULT_RULE: BucketRule = { limit: 10, windowMs: 10_000 };
/** Discord's global limit: 50 requests per second per bot. */
export const GLOBAL_RULE: BucketRule = { limit: 50, windowMs: 1000 };

/**
 * The route as a bucket key: major parameters (channel, guild, webhook id) are kept, every
 * other id becomes :id, and interaction callbacks are per interaction.
 */
export const bucketRoute = (path: string): string => {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  return parts
    .map((p, i) => {
      const prev = parts[i - 1] ?? '';
      const before = parts[i - 2] ?? '';
      if (before === 'webhooks') return p; // webhook id + token form the major parameter
      if (before === 'interactions') return ':token';
      if (!/^\d{15,21}$/.test(p)) return p;
      return ['channels', 'guilds', 'webhooks', 'applications', 'interactions'].includes(prev) ? p : ':id';
    })
    .join('/');
};

export interface RateDecision {
  headers: Record<string, string>;
  /** Seconds to wait when the request is over its bucket, else null. */
  retryAfter: number | null;
  global: boolean;
}

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private global: Window = { count: 0, resetAt: 0 };

  constructor(
    /** 0 turns rate limiting off. */
    public scale: number,
    private readonly now: () => number = Date.now,
  ) {}

  private rule(method: string, route: string): BucketRule {
    const found = RULES.find((r) => r.method === method && r.pattern.test(route))?.rule ?? DEFAULT_RULE;
    return { limit: found.limit, windowMs: Math.max(50, Math.round(found.windowMs * this.scale)) };
  }

  check(method: string, path: string): RateDecision | null {
    if (this.scale <= 0) return null;
    const now = this.now();
    const route = bucketRoute(path);
    const rule = this.rule(method, route);
    // The bucket hash ignores major parameters, as Discord's X-RateLimit-Bucket does.
    const hash = createHash('sha1').update(`${method} ${route.replace(/\d{15,21}/g, ':major')}`).digest('hex').slice(0, 32);
    const key = `${method} ${route}`;
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + rule.windowMs };
      this.windows.set(key, w);
    }
    if (this.global.resetAt <= now) this.global = { count: 0, resetAt: now + GLOBAL_RULE.windowMs };
    const resetAfter = Math.max(0, w.resetAt - now) / 1000;
    const headersFor = (remaining: number) => ({
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': (w.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': hash,
    });
    if (this.global.count >= GLOBAL_RULE.limit) {
      const retry = Math.max(0.001, (this.global.resetAt - now) / 1000);
      return { headers: { ...headersFor(Math.max(0, rule.limit - w.count)), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }, retryAfter: retry, global: true };
    }
    if (w.count >= rule.limit) {
      return { headers: { ...headersFor(0), 'X-RateLimit-Scope': 'user' }, retryAfter: Math.max(0.001, resetAfter), global: false };
    }
    w.count += 1;
    this.global.count += 1;
    return { headers: headersFor(rule.limit - w.count), retryAfter: null, global: false };
  }

  reset(): void {
    this.windows.clear();
    this.global = { count: 0, resetAt: 0 };
  }
}
