import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/app-env.js';

/**
 * A strict Content-Security-Policy: scripts only from our origin (no inline script, no eval),
 * no plugins, no framing, forms and fetches to ourselves. Styles allow inline attributes (React's
 * `style` props and the docs page's renderer set them); nothing else is relaxed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https://cdn.discordapp.com",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Security headers on every answer; HSTS only when the public URL is https (it would be ignored, and wrong, on http). */
export const securityHeaders = (publicUrl: string) => {
  const https = publicUrl.startsWith('https:');
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'same-origin');
    h.set('X-Frame-Options', 'DENY');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (https) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  });
};
