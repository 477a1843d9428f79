import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { logout } from './api/client.js';
import { keys, useMe } from './api/queries.js';
import type { Me } from './api/types.js';
import { LiveRegion } from './components/announce.js';
import { ConnectionBanner } from './components/Banners.js';
import { ErrorNote, Loading } from './components/bits.js';
import { useLiveUpdates, type Live } from './live/useLiveUpdates.js';
import { ActivityPage } from './pages/ActivityPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { CaseDetailPage } from './pages/CaseDetailPage.js';
import { CasesPage } from './pages/CasesPage.js';
import { EmailLinkPage } from './pages/EmailLinkPage.js';
import { GuildPicker } from './pages/GuildPicker.js';
import { LoginPage } from './pages/LoginPage.js';
import { MemberPage } from './pages/MemberPage.js';
import { MembersPage } from './pages/MembersPage.js';
import { MessagePage } from './pages/MessagePage.js';
import { NotificationsPage } from './pages/NotificationsPage.js';
import { MyRecordPage } from './pages/MyRecordPage.js';
import { ModeratePage } from './pages/ModeratePage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { navFor } from './nav.js';
import { Link, match, navigate, Redirect, useLocation } from './router.js';
import { useTheme } from './settings/theme.js';

type Guild = Me['guilds'][number];

// The charts (uPlot) load only when the analytics page opens.
const AnalyticsPage = lazy(() => import('./pages/AnalyticsPage.js').then((m) => ({ default: m.AnalyticsPage })));
// The automation pages bring the automation context's schemas, template and cron code (about
// 90 KB gzip): they load when one opens, so the first page stays under the 150 KB budget.
const AutomodPage = lazy(() => import('./pages/AutomodPage.js').then((m) => ({ default: m.AutomodPage })));
const SchedulesPage = lazy(() => import('./pages/SchedulesPage.js').then((m) => ({ default: m.SchedulesPage })));
const CustomCommandsPage = lazy(() => import('./pages/CustomCommandsPage.js').then((m) => ({ default: m.CustomCommandsPage })));
const WorkflowsPage = lazy(() => import('./pages/WorkflowsPage.js').then((m) => ({ default: m.WorkflowsPage })));
// The music context's code (the remote's formatting and rules) likewise.
const MusicPage = lazy(() => import('./pages/MusicPage.js').then((m) => ({ default: m.MusicPage })));
// Pages a moderator opens now and then (access, approvals, reports, appeals, the admins' pages) load
// when opened too, so what every sign-in downloads stays under the 150 KB budget.
const AccessPage = lazy(() => import('./pages/AccessPage.js').then((m) => ({ default: m.AccessPage })));
const ApprovalsPage = lazy(() => import('./pages/ApprovalsPage.js').then((m) => ({ default: m.ApprovalsPage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage.js').then((m) => ({ default: m.ReportsPage })));
const AppealsPage = lazy(() => import('./pages/AppealsPage.js').then((m) => ({ default: m.AppealsPage })));
const DeliveriesPage = lazy(() => import('./pages/DeliveriesPage.js').then((m) => ({ default: m.DeliveriesPage })));
const SettingsHistoryPage = lazy(() => import('./pages/SettingsHistoryPage.js').then((m) => ({ default: m.SettingsHistoryPage })));
const later = (what: string, page: ReactNode) => <Suspense fallback={<Loading what={what} />}>{page}</Suspense>;

type RouteProps = { guild: Guild; params: Record<string, string>; search: URLSearchParams; me: Me };
const guildRoutes: { pattern: string; render: (p: RouteProps) => ReactNode }[] = [
  { pattern: '/g/:guildId', render: ({ guild, me }) => <OverviewPage guild={guild} userId={me.user.id} /> },
  { pattern: '/g/:guildId/cases', render: ({ guild, search, me }) => <CasesPage guild={guild} search={search} userId={me.user.id} /> },
  { pattern: '/g/:guildId/cases/:caseNumber', render: ({ guild, params }) => <CaseDetailPage guild={guild} caseNumber={Number(params.caseNumber)} /> },
  { pattern: '/g/:guildId/members', render: ({ guild, search }) => <MembersPage guild={guild} search={search} /> },
  { pattern: '/g/:guildId/members/:userId', render: ({ guild, params }) => <MemberPage guild={guild} userId={params.userId!} /> },
  { pattern: '/g/:guildId/moderate', render: ({ guild, search }) => <ModeratePage guild={guild} search={search} /> },
  { pattern: '/g/:guildId/message', render: ({ guild }) => <MessagePage guild={guild} /> },
  { pattern: '/g/:guildId/activity', render: ({ guild }) => <ActivityPage guild={guild} /> },
  { pattern: '/g/:guildId/audit', render: ({ guild }) => <AuditPage guild={guild} /> },
  { pattern: '/g/:guildId/access', render: ({ guild }) => later('access', <AccessPage guild={guild} />) },
  { pattern: '/g/:guildId/approvals', render: ({ guild, me }) => later('approvals', <ApprovalsPage guild={guild} userId={me.user.id} />) },
  { pattern: '/g/:guildId/reports', render: ({ guild }) => later('reports', <ReportsPage guild={guild} />) },
  { pattern: '/g/:guildId/settings-history', render: ({ guild }) => later('settings history', <SettingsHistoryPage guild={guild} />) },
  { pattern: '/g/:guildId/music', render: ({ guild }) => later('music', <MusicPage guild={guild} />) },
  { pattern: '/g/:guildId/notifications', render: ({ guild }) => later('notifications', <DeliveriesPage guild={guild} />) },
  { pattern: '/g/:guildId/appeals', render: ({ guild, me, search }) => later('appeals', <AppealsPage guild={guild} me={me} search={search} />) },
  { pattern: '/g/:guildId/automod', render: ({ guild }) => later('automod', <AutomodPage guild={guild} />) },
  { pattern: '/g/:guildId/schedules', render: ({ guild }) => later('schedules', <SchedulesPage guild={guild} />) },
  { pattern: '/g/:guildId/custom-commands', render: ({ guild }) => later('custom commands', <CustomCommandsPage guild={guild} />) },
  { pattern: '/g/:guildId/workflows', render: ({ guild }) => later('workflows', <WorkflowsPage guild={guild} />) },
  {
    pattern: '/g/:guildId/analytics',
    render: ({ guild }) => (
      <Suspense fallback={<Loading what="charts" />}>
        <AnalyticsPage guild={guild} />
      </Suspense>
    ),
  },
];

export const App = () => {
  const me = useMe();
  const { path, search } = useLocation();
  useTheme(me.data?.user.id ?? null);
  // The links in emails work without a session (their token is signed).
  if (path === '/notifications/confirm' || path === '/notifications/unsubscribe') {
    return (
      <main id="main">
        <EmailLinkPage kind={path.endsWith('confirm') ? 'confirm' : 'unsubscribe'} token={search.get('token')} />
      </main>
    );
  }
  if (me.isPending) return <Loading />;
  if (path === '/login' || me.data === null || (me.error && 'status' in me.error && me.error.status === 401)) {
    return path === '/login' ? (
      <main id="main">
        <LoginPage error={search.get('error')} />
      </main>
    ) : (
      <Redirect to="/login" />
    );
  }
  if (me.error) {
    return (
      <main id="main">
        <h1>Guildhall could not load your session</h1>
        <ErrorNote error={me.error} />
      </main>
    );
  }
  const session = me.data;
  if (!session) return <Loading />;
  if (path === '/') return <Shell me={session} guild={undefined}><GuildPicker me={session} /></Shell>;
  if (path === '/me') return <Shell me={session} guild={undefined}><MyRecordPage me={session} guildNames={new Map(session.guilds.map((g) => [g.id, g.name]))} /></Shell>;
  if (path === '/settings') return <Shell me={session} guild={undefined}><SettingsPage me={session} /></Shell>;
  if (path === '/me/notifications') return <Shell me={session} guild={undefined}><NotificationsPage search={search} /></Shell>;
  for (const route of guildRoutes) {
    const params = match(route.pattern, path);
    if (!params) continue;
    const guild = session.guilds.find((g) => g.id === params.guildId);
    if (!guild) {
      return (
        <Shell me={session} guild={undefined}>
          <h1>Not one of your guilds</h1>
          <p className="error">You may not manage guild {params.guildId}.</p>
          <GuildPicker me={session} />
        </Shell>
      );
    }
    return <Shell me={session} guild={guild}>{route.render({ guild, params, search, me: session })}</Shell>;
  }
  return (
    <Shell me={session} guild={undefined}>
      <h1>Nothing here</h1>
      <p>
        <Link to="/">Back to your guilds</Link>
      </p>
    </Shell>
  );
};


const LiveDot = ({ live }: { live: Live }) => (
  <span className={`live live-${live.state}`} title={live.state === 'live' ? 'Live updates on' : live.state === 'connecting' ? 'Connecting to live updates…' : 'Live updates down'}>
    {live.state === 'live' ? 'live' : live.state === 'connecting' ? 'connecting' : 'offline'}
  </span>
);

/**
 * The frame of every signed-in page: header, navigation (a menu button on phones), the
 * connection banner and the polite live region. After each navigation focus moves to the new
 * page's heading, so keyboard and screen-reader users start where the content starts.
 */
const Shell = ({ me, guild, children }: { me: Me; guild: Guild | undefined; children: ReactNode }) => {
  const client = useQueryClient();
  const live = useLiveUpdates(guild?.id);
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The new page may still be loading: wait (up to 3 s) for its heading, and move focus there
    // unless the person has moved it meanwhile.
    const from = document.activeElement;
    let tries = 0;
    /** True when done: focus moved to the heading, or the person moved it, or 3 s passed. */
    const attempt = (): boolean => {
      const h1 = mainRef.current?.querySelector('h1');
      const active = document.activeElement;
      const untouched = active === from || active === document.body || active === mainRef.current || active === null;
      if (h1 && untouched) {
        h1.tabIndex = -1;
        h1.focus();
      }
      return Boolean(h1) || !untouched || ++tries > 60;
    };
    // A page that renders at once has its heading now: focus it in this commit, not 50 ms later.
    if (attempt()) return;
    const t = setInterval(() => {
      if (attempt()) clearInterval(t);
    }, 50);
    return () => clearInterval(t);
  }, [path]);
  const signOut = async () => {
    await logout();
    client.setQueryData(keys.me, null);
    navigate('/login');
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        {guild ? (
          <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="side-nav" onClick={() => setMenuOpen((o) => !o)}>
            {menuOpen ? 'Close menu' : 'Menu'}
          </button>
        ) : null}
        <Link to="/" className="brand">
          Guildhall
        </Link>
        {guild ? <span className="guild-name">{guild.name}</span> : null}
        {guild ? <LiveDot live={live} /> : null}
        <span className="spacer" />
        <span className="who">{me.user.name}</span>
        <Link to="/me" className="button" current={path === '/me'}>
          My record
        </Link>
        <Link to="/settings" className="button" current={path === '/settings'}>
          Settings
        </Link>
        <button type="button" onClick={() => void signOut()}>
          Log out
        </button>
      </header>
      <ConnectionBanner live={guild ? live : undefined} />
      {guild ? (
        <nav id="side-nav" className={`side ${menuOpen ? 'open' : ''}`} aria-label="Guild">
          {navFor(guild.level).map((n) => {
            const to = `/g/${guild.id}${n.to}`;
            const active = n.to === '' ? path === to : path.startsWith(to);
            return (
              <Link key={n.to} to={to} current={active} onNavigate={() => setMenuOpen(false)}>
                {n.label}
              </Link>
            );
          })}
        </nav>
      ) : null}
      <main id="main" ref={mainRef} tabIndex={-1} className={guild ? 'with-nav' : ''}>
        {children}
      </main>
      <LiveRegion />
    </div>
  );
};
