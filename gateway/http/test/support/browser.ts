import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { expect } from 'vitest';

/** Just enough of a browser for the API: a cookie jar per origin-less name, manual redirects. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(path.startsWith('http') ? path : `${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    this.remember(res);
    return res;
  }

  /** A JSON API call as the dashboard makes it (mutations carry the CSRF header). */
  api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    return this.fetch(path, {
      method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method === 'GET' ? {} : { 'x-guildhall-csrf': '1' }),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  }
}

/**
 * "Log in with Discord" through the sandbox as `userId`: our /auth/login → the sandbox's
 * authorize page (the user picks themselves and consents) → our /auth/callback → a session.
 */
export const logIn = async (browser: Browser, sandbox: SandboxHandle, userId: string): Promise<void> => {
  const start = await browser.fetch('/auth/login');
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(new URL(sandbox.url).origin);
  expect(authorize.pathname).toBe('/oauth2/authorize');
  const picked = await fetch(`${sandbox.url}/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: userId, decision: 'allow' }),
  });
  expect(picked.status).toBe(302);
  const callback = new URL(picked.headers.get('location')!);
  expect(callback.pathname).toBe('/auth/callback');
  const done = await browser.fetch(`${callback.pathname}${callback.search}`);
  expect(done.status).toBe(302);
  expect(done.headers.get('location')).toBe('/');
};
