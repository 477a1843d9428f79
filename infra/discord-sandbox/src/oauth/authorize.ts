import { Hono } from 'hono';
import { z } from 'zod';
import type { WorldContext } from '../world/context.js';
import type { OAuthStore } from './store.js';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const AuthorizeQuery = z.object({
  client_id: z.string().min(1),
  response_type: z.literal('code'),
  scope: z.string().min(1),
  redirect_uri: z.url(),
  state: z.string().optional(),
  prompt: z.string().optional(),
  user_id: z.string().regex(/^\d+$/).optional(),
  /** PKCE (RFC 7636): only S256 is accepted, as Discord does. */
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/).optional(),
  code_challenge_method: z.literal('S256').optional(),
});
type AuthorizeQuery = z.infer<typeof AuthorizeQuery>;

const page = (title: string, body: string, status = 200) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#313338;color:#dbdee1;margin:0;display:flex;justify-content:center}
main{background:#2b2d31;margin:40px 12px;padding:24px 28px;border-radius:8px;max-width:520px;width:100%}
h1{font-size:20px;color:#f2f3f5} h2{font-size:12px;text-transform:uppercase;color:#949ba4;margin-top:20px}
a.user,button{display:block;width:100%;text-align:left;background:#383a40;color:#f2f3f5;border:0;border-radius:4px;padding:8px 10px;margin:4px 0;text-decoration:none;font-size:14px;cursor:pointer}
a.user:hover,button:hover{background:#404249} .muted{color:#949ba4;font-size:12px} button.primary{background:#5865f2;text-align:center}
input{width:100%;box-sizing:border-box;padding:8px;border-radius:4px;border:0;background:#1e1f22;color:#dbdee1;margin:8px 0}
ul{padding-left:18px} .row{display:flex;gap:8px} .row>*{flex:1}
</style></head><body><main>${body}</main></body></html>`,
    { status, headers: { 'content-type': 'text/html; charset=utf-8' } },
  );

const SCOPE_TEXT: Record<string, string> = {
  identify: 'Access your username, avatar, and banner',
  email: 'Access your email address',
  guilds: 'Know what servers you are in',
  'guilds.members.read': 'Read your member info (nickname, roles) in servers you are in',
};

/** `/oauth2/authorize`: pick which sandbox user you are, consent, and go back with a code. */
export const createAuthorizeApp = (ctx: WorldContext, store: OAuthStore): Hono => {
  const app = new Hono();

  const parse = (raw: Record<string, string>): AuthorizeQuery | Response => {
    const q = AuthorizeQuery.safeParse(raw);
    if (!q.success) {
      const detail = q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
      return page('Invalid OAuth2 request', `<h1>Invalid OAuth2 request</h1><p>${escapeHtml(detail)}</p>`, 400);
    }
    if (q.data.client_id !== ctx.world.bot.applicationId) {
      return page('Unknown application', `<h1>Unknown application</h1><p>client_id must be the sandbox application id ${escapeHtml(ctx.world.bot.applicationId)}.</p>`, 400);
    }
    return q.data;
  };

  const hidden = (q: AuthorizeQuery) =>
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(String(v))}">`)
      .join('');

  app.get('/oauth2/authorize', (c) => {
    const q = parse(c.req.query());
    if (q instanceof Response) return q;
    const { world } = ctx;
    if (q.user_id && world.users.has(q.user_id)) {
      const user = world.user(q.user_id);
      const scopes = q.scope.split(/\s+/).filter(Boolean);
      return page(
        'Authorize Guildhall',
        `<h1>Guildhall wants to access your account</h1>
<p class="muted">Signed in as <b>${escapeHtml(user.global_name ?? user.username)}</b> (@${escapeHtml(user.username)})</p>
<h2>This will allow the developer of Guildhall to:</h2><ul>${scopes.map((s) => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join('')}</ul>
<form method="post" action="/oauth2/authorize">${hidden(q)}<div class="row">
<button name="decision" value="deny" type="submit">Cancel</button><button class="primary" name="decision" value="allow" type="submit">Authorize</button></div></form>`,
      );
    }
    const base = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'user_id'));
    const link = (userId: string, label: string, detail: string) => {
      const params = new URLSearchParams(base);
      params.set('user_id', userId);
      return `<a class="user" data-name="${escapeHtml(label.toLowerCase())}" href="/oauth2/authorize?${escapeHtml(params.toString())}">${escapeHtml(label)} <span class="muted">${escapeHtml(detail)}</span></a>`;
    };
    const sections: string[] = [];
    const seen = new Set<string>([world.bot.userId]);
    for (const g of world.guilds.values()) {
      const staff = [...g.members.values()].filter((m) => {
        const names = m.roles.map((r) => g.roles.get(r)?.name);
        return g.base.owner_id === m.userId || names.includes('Admin') || names.includes('Moderator');
      });
      const rows = staff.filter((m) => !seen.has(m.userId)).map((m) => {
        seen.add(m.userId);
        const u = world.user(m.userId);
        const role = g.base.owner_id === m.userId ? 'owner' : m.roles.map((r) => g.roles.get(r)?.name).includes('Admin') ? 'admin' : 'moderator';
        return link(u.id, u.global_name ?? u.username, `${role} of ${g.base.name}`);
      });
      if (rows.length) sections.push(`<h2>Staff of ${escapeHtml(g.base.name)}</h2>${rows.join('')}`);
    }
    // Every user the sandbox knows may sign in, as anyone may sign in to Discord: banned members
    // and those who left too (a banned member signs in to see and appeal their own record).
    const others = [...world.users.values()].filter((u) => !seen.has(u.id) && !u.bot);
    const bannedFrom = (userId: string) => [...world.guilds.values()].filter((g) => g.bans.has(userId)).map((g) => g.base.name);
    const detailOf = (u: { id: string; username: string }) => {
      const banned = bannedFrom(u.id);
      const member = [...world.guilds.values()].some((g) => g.members.has(u.id));
      return `@${u.username}${banned.length ? ` · banned from ${banned.join(', ')}` : member ? '' : ' · in no server'}`;
    };
    sections.push(`<h2>Members</h2><input id="filter" placeholder="Filter by name…" autocomplete="off"><div id="members">${others.map((u) => link(u.id, u.global_name ?? u.username, detailOf(u))).join('')}</div>`);
    return page(
      'Sign in to the Discord sandbox',
      `<h1>Sign in to the Discord sandbox</h1><p class="muted">This is not Discord. Pick the sandbox user you want to be; no password needed.</p>${sections.join('')}
<script>document.getElementById('filter').addEventListener('input',e=>{const v=e.target.value.toLowerCase();for(const a of document.querySelectorAll('#members a'))a.style.display=a.dataset.name.includes(v)||a.textContent.toLowerCase().includes(v)?'':'none'})</script>`,
    );
  });

  app.post('/oauth2/authorize', async (c) => {
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const q = parse(form);
    if (q instanceof Response) return q;
    const target = new URL(q.redirect_uri);
    if (q.state !== undefined) target.searchParams.set('state', q.state);
    if (form.decision !== 'allow' || !q.user_id || !ctx.world.users.has(q.user_id)) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
      return c.redirect(target.toString(), 302);
    }
    const code = store.issueCode(q.user_id, q.client_id, q.redirect_uri, q.scope.split(/\s+/).filter(Boolean), q.code_challenge ?? null);
    target.searchParams.set('code', code.code);
    return c.redirect(target.toString(), 302);
  });

  return app;
};
