import { useState, type FormEvent } from 'react';
import { SCOPES, useApiTokens, useCreateApiToken, useGrantAccess, useGrants, useLogOutEverywhere, useRevokeAccess, useRevokeApiToken, useSessions, type Grant } from '../api/access.js';
import type { Me } from '../api/types.js';
import { Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { MemberPicker } from '../components/MemberPicker.js';
import { navigate } from '../router.js';
import { isAdminLevel } from '../nav.js';

type Guild = Me['guilds'][number];

/** Access: who may do what here beyond Discord (grants), third-party API tokens, and your sessions. */
export const AccessPage = ({ guild }: { guild: Guild }) => {
  const admin = isAdminLevel(guild.level);
  return (
    <section>
      <h1>Access</h1>
      <p className="muted">Your level here: <strong>{guild.level}</strong>.</p>
      {admin ? <Grants guild={guild} /> : <p className="muted">Grants and API tokens are for admins.</p>}
      {admin ? <Tokens guildId={guild.id} /> : null}
      <Sessions />
    </section>
  );
};

const Grants = ({ guild }: { guild: Guild }) => {
  const grants = useGrants(guild.id);
  const grant = useGrantAccess(guild.id);
  const revoke = useRevokeAccess(guild.id);
  const [kind, setKind] = useState<'role' | 'user'>('role');
  const [id, setId] = useState('');
  const [level, setLevel] = useState<Grant['level']>('viewer');
  const [expires, setExpires] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    grant.mutate({ subject: { kind, id: id.trim() }, level, expiresAt: expires ? new Date(expires).toISOString() : null }, { onSuccess: () => setId('') });
  };
  return (
    <>
      <h2>Grants</h2>
      <form className="row" onSubmit={submit} aria-label="Grant access">
        <label>To <select value={kind} onChange={(e) => setKind(e.target.value as 'role' | 'user')}><option value="role">role</option><option value="user">user</option></select></label>
        {kind === 'user' ? <MemberPicker guildId={guild.id} label="Member" onPick={(m) => setId(m.id)} /> : null}
        <label>Id <input value={id} onChange={(e) => setId(e.target.value)} placeholder="Discord id" inputMode="numeric" required /></label>
        <label>Level <select value={level} onChange={(e) => setLevel(e.target.value as Grant['level'])}><option>viewer</option><option>moderator</option>{guild.level === 'owner' ? <option>admin</option> : null}</select></label>
        <label>Until <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} /></label>
        <button type="submit" disabled={grant.isPending}>Grant</button>
      </form>
      {grant.error ? <ErrorNote error={grant.error} /> : null}
      {revoke.error ? <ErrorNote error={revoke.error} /> : null}
      {grants.isPending ? <Loading /> : grants.error ? <ErrorNote error={grants.error} /> : grants.data.grants.length === 0 ? <Empty>No grants: levels come from Discord alone.</Empty> : (
        <div className="table-wrap"><table className="table">
          <thead><tr><th>To</th><th>Level</th><th>Until</th><th>By</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {grants.data.grants.map((g) => (
              <tr key={g.grantId}>
                <td>{g.subject.kind} {g.subject.id}</td>
                <td>{g.level}</td>
                <td>{g.expiresAt ? <Time at={g.expiresAt} /> : 'until revoked'}</td>
                <td>{g.grantedBy.name} <Time at={g.grantedAt} /></td>
                <td><button type="button" className="link" onClick={() => revoke.mutate(g.grantId)}>Revoke</button></td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </>
  );
};

const Tokens = ({ guildId }: { guildId: string }) => {
  const tokens = useApiTokens(guildId);
  const create = useCreateApiToken(guildId);
  const revoke = useRevokeApiToken(guildId);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['cases:read']);
  const [days, setDays] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), scopes, ...(days ? { expiresInDays: Number(days) } : {}) }, { onSuccess: () => setName('') });
  };
  return (
    <>
      <h2>API tokens</h2>
      <form onSubmit={submit} aria-label="Create an API token">
        <label>Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} /></label>
        <fieldset className="row">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s}><input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}</label>
          ))}
        </fieldset>
        <label>Expires in days <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} /></label>
        <button type="submit" disabled={create.isPending || scopes.length === 0}>Create token</button>
      </form>
      {create.data ? <p className="notice" role="status">Copy it now, it is shown once: <code>{create.data.token}</code></p> : null}
      {create.error ? <ErrorNote error={create.error} /> : null}
      {revoke.error ? <ErrorNote error={revoke.error} /> : null}
      {tokens.isPending ? <Loading /> : tokens.error ? <ErrorNote error={tokens.error} /> : tokens.data.tokens.length === 0 ? <Empty>No API tokens yet.</Empty> : (
        <div className="table-wrap"><table className="table">
          <thead><tr><th>Name</th><th>Scopes</th><th>Last used</th><th>Expires</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {tokens.data.tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.scopes.join(', ')}</td>
                <td>{t.lastUsedAt ? <Time at={t.lastUsedAt} /> : 'never'}</td>
                <td>{t.revokedAt ? 'revoked' : t.expiresAt ? <Time at={t.expiresAt} /> : 'never'}</td>
                <td>{t.revokedAt ? null : <button type="button" className="link" onClick={() => revoke.mutate(t.id)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </>
  );
};

const Sessions = () => {
  const sessions = useSessions();
  const everywhere = useLogOutEverywhere();
  return (
    <>
      <h2>Your sessions</h2>
      {sessions.isPending ? <Loading /> : sessions.error ? <ErrorNote error={sessions.error} /> : (
        <ul>
          {sessions.data.sessions.map((s) => (
            <li key={s.sessionId}>{s.current ? <strong>this one</strong> : s.userAgent ?? 'a browser'} — since <Time at={s.createdAt} />, last seen <Time at={s.lastSeenAt} /></li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => everywhere.mutate(undefined, { onSuccess: () => navigate('/login') })} disabled={everywhere.isPending}>Log out everywhere</button>
      {everywhere.error ? <ErrorNote error={everywhere.error} /> : null}
    </>
  );
};
