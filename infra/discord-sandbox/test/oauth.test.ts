import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { sandbox } from './helpers.js';

/** The dashboard's login: authorize page → code → token → /users/@me and /users/@me/guilds. */
describe('OAuth2', () => {
  let sb: SandboxHandle;
  const redirect = 'http://localhost:8080/auth/callback';
  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${sb.url}/oauth2/authorize?${new URLSearchParams({ client_id: sb.bot.applicationId, response_type: 'code', scope: 'identify guilds', redirect_uri: redirect, state: 'xyz', ...extra })}`;
  const token = (form: Record<string, string>) =>
    fetch(`${sb.url}/api/v10/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: sb.bot.applicationId, client_secret: sb.bot.clientSecret, ...form }),
    });
  const login = async (userId: string, extra: Record<string, string> = {}): Promise<string> => {
    const res = await fetch(`${sb.url}/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: sb.bot.applicationId, response_type: 'code', scope: 'identify guilds', redirect_uri: redirect, state: 'xyz', user_id: userId, decision: 'allow', ...extra }),
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(redirect);
    expect(location.searchParams.get('state')).toBe('xyz');
    return location.searchParams.get('code')!;
  };

  beforeAll(async () => {
    sb = await sandbox({ seed: 2 });
  });
  afterAll(async () => sb?.stop());

  it('lists every user it knows on the sign-in page, banned members included (they sign in to appeal)', async () => {
    const guild = sb.world.mainGuild();
    const [bannedId] = [...guild.bans.keys()].filter((id) => !guild.members.has(id));
    expect(bannedId, 'the seed bans someone who is no longer a member').toBeDefined();
    const banned = sb.world.state.user(bannedId!);
    const html = await (await fetch(authorizeUrl())).text();
    expect(html).toContain(`user_id=${bannedId}`);
    expect(html).toContain(`@${banned.username} · banned from ${guild.base.name}`);
  });

  it('shows a page to pick a sandbox user, staff first, then a consent page', async () => {
    const pick = await fetch(authorizeUrl());
    expect(pick.status).toBe(200);
    const html = await pick.text();
    const owner = sb.world.state.user(sb.world.people(sb.world.mainGuild().base.id).owner);
    expect(html).toContain('Staff of Guildhall Sandbox');
    expect(html).toContain(owner.global_name ?? owner.username);
    const consent = await (await fetch(authorizeUrl({ user_id: owner.id }))).text();
    expect(consent).toContain('Authorize');
    expect(consent).toContain('Know what servers you are in');
    const bad = await fetch(authorizeUrl({ client_id: '42' }));
    expect(bad.status).toBe(400);
  });

  it('verifies a PKCE S256 challenge: the right verifier gets the token, a wrong or missing one does not', async () => {
    const mod = sb.world.people(sb.world.mainGuild().base.id).moderators[0]!;
    const verifier = 'v'.repeat(30) + 'erifier-0123456789-abcdefghij';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    expect((await token({ grant_type: 'authorization_code', code: await login(mod, pkce), redirect_uri: redirect, code_verifier: verifier })).status).toBe(200);
    const wrong = await token({ grant_type: 'authorization_code', code: await login(mod, pkce), redirect_uri: redirect, code_verifier: `${verifier}x` });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await token({ grant_type: 'authorization_code', code: await login(mod, pkce), redirect_uri: redirect })).status).toBe(400);
    // Only S256: a plain challenge is refused at the authorize step.
    expect((await fetch(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'plain' }))).status).toBe(400);
  });

  it('exchanges the code for a token that yields the user and their guilds with permissions', async () => {
    const guildId = sb.world.mainGuild().base.id;
    const mod = sb.world.people(guildId).moderators[0]!;
    const code = await login(mod);
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: redirect });
    expect(res.status).toBe(200);
    const grant = (await res.json()) as { access_token: string; refresh_token: string; token_type: string; scope: string; expires_in: number };
    expect(grant).toMatchObject({ token_type: 'Bearer', scope: 'identify guilds', expires_in: 604800 });
    const auth = { authorization: `Bearer ${grant.access_token}` };
    const me = (await (await fetch(`${sb.url}/api/v10/users/@me`, { headers: auth })).json()) as { id: string };
    expect(me.id).toBe(mod);
    const guilds = (await (await fetch(`${sb.url}/api/v10/users/@me/guilds`, { headers: auth })).json()) as { id: string; permissions: string; owner: boolean }[];
    const main = guilds.find((g) => g.id === guildId)!;
    expect(main.owner).toBe(false);
    expect(BigInt(main.permissions) & 4n).toBe(4n); // BAN_MEMBERS
    expect(BigInt(main.permissions) & 8n).toBe(0n); // not ADMINISTRATOR
    // The code is single-use; the token cannot call bot routes.
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: redirect })).status).toBe(400);
    expect((await fetch(`${sb.url}/api/v10/guilds/${guildId}/bans`, { headers: auth })).status).toBe(401);
    const refreshed = (await (await token({ grant_type: 'refresh_token', refresh_token: grant.refresh_token })).json()) as { access_token: string };
    expect(refreshed.access_token).not.toBe(grant.access_token);
    expect((await fetch(`${sb.url}/api/v10/users/@me`, { headers: auth })).status).toBe(401);
    expect((await fetch(`${sb.url}/api/v10/users/@me`, { headers: { authorization: `Bearer ${refreshed.access_token}` } })).status).toBe(200);
  });

  it('rejects a wrong client secret, a wrong redirect_uri and a denied consent', async () => {
    const code = await login(sb.world.people(sb.world.mainGuild().base.id).members[0]!);
    const wrongSecret = await token({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    const code2 = await login(sb.world.people(sb.world.mainGuild().base.id).members[0]!);
    const wrongRedirect = await token({ grant_type: 'authorization_code', code: code2, redirect_uri: 'http://evil.example/cb' });
    expect(await wrongRedirect.json()).toMatchObject({ error: 'invalid_grant' });
    const denied = await fetch(`${sb.url}/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: sb.bot.applicationId, response_type: 'code', scope: 'identify', redirect_uri: redirect, decision: 'deny' }),
    });
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });
});
