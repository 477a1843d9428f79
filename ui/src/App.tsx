import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { logout } from './api/client.js';
import { keys, useMe } from './api/queries.js';
import type { Me } from './api/types.js';
import { ErrorNote, Loading } from './components/bits.js';
import { useLiveUpdates, type LiveState } from './live/useLiveUpdates.js';
import { AccessPage } from './pages/AccessPage.js';
import { ActivityPage } from './pages/ActivityPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { CaseDetailPage } from './pages/CaseDetailPage.js';
import { CasesPage } from './pages/CasesPage.js';
import { GuildPicker } from './pages/GuildPicker.js';
import { LoginPage } from './pages/LoginPage.js';
import { MemberPage } from './pages/MemberPage.js';
import { MessagePage } from './pages/MessagePage.js';
import { ModeratePage } from './pages/ModeratePage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { Link, match, navigate, Redirect, useLocation } from './router.js';

type Guild = Me['guilds'][number];

const guildRoutes: { pattern: string; render: (g: Guild, p: Record<string, string>, search: URLSearchParams) => ReactNode }[] = [
  { pattern: '/g/:guildId', render: (g) => <OverviewPage guild={g} /> },
  { pattern: '/g/:guildId/cases', render: (g, _p, s) => <CasesPage guild={g} search={s} /> },
  { pattern: '/g/:guildId/cases/:caseNumber', render: (g, p) => <CaseDetailPage guild={g} caseNumber={Number(p.caseNumber)} /> },
  { pattern: '/g/:guildId/members/:userId', render: (g, p) => <MemberPage guild={g} userId={p.userId!} /> },
  { pattern: '/g/:guildId/moderate', render: (g, _p, s) => <ModeratePage guild={g} search={s} /> },
  { pattern: '/g/:guildId/message', render: (g) => <MessagePage guild={g} /> },
  { pattern: '/g/:guildId/activity', render: (g) => <ActivityPage guild={g} /> },
  { pattern: '/g/:guildId/audit', render: (g) => <AuditPage guild={g} /> },
  { pattern: '/g/:guildId/access', render: (g) => <AccessPage guild={g} /> },
];

export const App = () => {
  const me = useMe();
  const { path, search } = useLocation();
  if (me.isPending) return <Loading />;
  if (path === '/login' || me.data === null || (me.error && 'status' in me.error && me.error.status === 401)) {
    return path === '/login' ? <LoginPage error={search.get('error')} /> : <Redirect to="/login" />;
  }
  if (me.error) return <ErrorNote error={me.error} />;
  const session = me.data;
  if (!session) return <Loading />;
  if (path === '/') return <Shell me={session} guild={undefined}><GuildPicker me={session} /></Shell>;
  for (const route of guildRoutes) {
    const params = match(route.pattern, path);
    if (!params) continue;
    const guild = session.guilds.find((g) => g.id === params.guildId);
    if (!guild) return <Shell me={session} guild={undefined}><p className="error">You may not manage guild {params.guildId}.</p><GuildPicker me={session} /></Shell>;
    return <Shell me={session} guild={guild}>{route.render(guild, params, search)}</Shell>;
  }
  return <Shell me={session} guild={undefined}><p>Nothing here. <Link to="/">Back to your guilds</Link></p></Shell>;
};

const NAV: { to: string; label: string }[] = [
  { to: '', label: 'Overview' },
  { to: '/cases', label: 'Cases' },
  { to: '/moderate', label: 'Moderate' },
  { to: '/message', label: 'Send message' },
  { to: '/activity', label: 'Activity' },
  { to: '/audit', label: 'Audit log' },
  { to: '/access', label: 'Access' },
];

const LiveDot = ({ state }: { state: LiveState }) => (
  <span className={`live live-${state}`} title={state === 'live' ? 'Live updates on' : state === 'connecting' ? 'Connecting to live updates…' : 'Live updates off'}>
    {state === 'live' ? 'live' : state === 'connecting' ? 'connecting' : 'offline'}
  </span>
);

const Shell = ({ me, guild, children }: { me: Me; guild: Guild | undefined; children: ReactNode }) => {
  const client = useQueryClient();
  const live = useLiveUpdates(guild?.id);
  const { path } = useLocation();
  const signOut = async () => {
    await logout();
    client.setQueryData(keys.me, null);
    navigate('/login');
  };
  return (
    <div className="shell">
      <header className="top">
        <Link to="/" className="brand">Guildhall</Link>
        {guild ? <span className="guild-name">{guild.name}</span> : null}
        {guild ? <LiveDot state={live} /> : null}
        <span className="spacer" />
        <span className="who">{me.user.name}</span>
        <button type="button" className="link" onClick={() => void signOut()}>Log out</button>
      </header>
      {guild ? (
        <nav className="side">
          {NAV.map((n) => {
            const to = `/g/${guild.id}${n.to}`;
            const active = n.to === '' ? path === to : path.startsWith(to);
            return (
              <Link key={n.to} to={to} className={active ? 'active' : ''}>
                {n.label}
              </Link>
            );
          })}
        </nav>
      ) : null}
      <main className={guild ? 'with-nav' : ''}>{children}</main>
    </div>
  );
};
