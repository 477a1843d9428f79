import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { useActivity, useCases, useOverview } from '../api/queries.js';
import type { BotStatusView, Me, OverviewResponse } from '../api/types.js';
import { announce } from '../components/announce.js';
import { Badge, Empty, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { botStatusKey } from '../live/useLiveUpdates.js';
import { addWidget, DEFAULT_LAYOUT, LayoutSchema, missingWidgets, moveWidget, removeWidget, WIDGETS, type WidgetId } from '../overview/layout.js';
import { Link } from '../router.js';
import { storageKey, useStored } from '../settings/stored.js';

type Guild = Me['guilds'][number];

const Stat = ({ label, value, hint }: { label: string; value: number | string; hint?: string }) => (
  <div className="stat">
    <span className="stat-value">{value}</span>
    <span className="stat-label">{label}</span>
    {hint ? <span className="muted small">{hint}</span> : null}
  </div>
);

const BotStatus = ({ status }: { status: BotStatusView | null | undefined }) => {
  if (!status) return <Stat label="bot" value="unknown" hint="no status received" />;
  const state = status.stale ? 'silent' : status.state;
  const ping = status.shards.map((s) => s.pingMs).find((p) => p !== null);
  return (
    <div className="stat">
      <span className="stat-value">
        <Badge kind={state === 'ready' ? 'ok' : state === 'degraded' || state === 'starting' ? 'warn' : 'bad'}>{state}</Badge>
      </span>
      <span className="stat-label">bot {status.botUser ? `(${status.botUser.name})` : ''}</span>
      <span className="muted small">
        {status.target}
        {ping !== undefined ? ` · ${ping} ms` : ''} · updated <Time at={status.at} />
      </span>
    </div>
  );
};

const RecentCases = ({ guild }: { guild: Guild }) => {
  const recent = useCases(guild.id, new URLSearchParams({ limit: '8' }));
  if (recent.isPending) return <Loading what="cases" />;
  if (recent.error) return <ErrorNote error={recent.error} />;
  const items = recent.data.pages[0]?.items ?? [];
  if (!items.length) return <Empty>No cases yet.</Empty>;
  return (
    <ul className="plain">
      {items.map((c) => (
        <li key={c.caseNumber}>
          <Link to={`/g/${guild.id}/cases/${c.caseNumber}`}>#{c.caseNumber}</Link> <Badge kind={c.type}>{c.type}</Badge> <UserLink guildId={guild.id} user={c.target} />{' '}
          <span className="muted small">
            {c.reason ?? 'no reason'} · <Time at={c.openedAt} />
          </span>
        </li>
      ))}
    </ul>
  );
};

const LatestActivity = ({ guild }: { guild: Guild }) => {
  const q = useActivity(guild.id, new URLSearchParams({ limit: '6' }));
  if (q.isPending) return <Loading what="activity" />;
  if (q.error) return <ErrorNote error={q.error} />;
  const items = q.data.pages[0]?.items ?? [];
  if (!items.length) return <Empty>Nothing has happened yet.</Empty>;
  return (
    <ul className="plain">
      {items.map((a) => (
        <li key={`${a.position}-${a.idx}`}>
          {a.summary} <span className="muted small"><Time at={a.occurredAt} /></span>
        </li>
      ))}
    </ul>
  );
};

const widgetBody = (id: WidgetId, guild: Guild, data: OverviewResponse, bot: BotStatusView | null | undefined): ReactNode => {
  const { overview, counts } = data;
  switch (id) {
    case 'members':
      return (
        <div className="stats">
          <Stat label="members" value={overview.memberCount} />
          <Stat label="online" value={overview.onlineCount} hint={overview.presence ? `sampled ${new Date(overview.presence.sampledAt).toLocaleTimeString()}` : 'no presence sample yet'} />
        </div>
      );
    case 'cases':
      return (
        <div className="stats">
          <Stat label="cases today" value={overview.casesToday} />
          <Stat label="cases this week" value={overview.casesThisWeek} hint={`${counts.total} in all`} />
          <Stat label="open temporary actions" value={overview.openTemporaryActions} />
        </div>
      );
    case 'bot':
      return <BotStatus status={bot} />;
    case 'expiries':
      return overview.nextDue.length ? (
        <ul className="plain">
          {overview.nextDue.map((d) => (
            <li key={d.caseNumber}>
              <Link to={`/g/${guild.id}/cases/${d.caseNumber}`}>#{d.caseNumber}</Link> {d.action} of <UserLink guildId={guild.id} user={d.target} /> ends <Time at={d.dueAt} />
            </li>
          ))}
        </ul>
      ) : (
        <Empty>Nothing is due to expire.</Empty>
      );
    case 'recent-cases':
      return <RecentCases guild={guild} />;
    case 'case-types': {
      const rows = Object.entries(counts.byType).filter(([, n]) => (n ?? 0) > 0);
      return rows.length ? (
        <ul className="plain">
          {rows.map(([t, n]) => (
            <li key={t}>
              <Badge kind={t}>{t}</Badge> {n}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No cases yet.</Empty>
      );
    }
    case 'activity':
      return <LatestActivity guild={guild} />;
  }
};

/**
 * The overview as widgets a person may add, remove and arrange (remembered per user and guild in
 * this browser). Every widget reads a query that live updates keep fresh.
 */
export const OverviewPage = ({ guild, userId }: { guild: Guild; userId: string }) => {
  const q = useOverview(guild.id);
  const live = useQuery<BotStatusView | null>({ queryKey: botStatusKey, queryFn: () => null, enabled: false });
  const [layout, setLayout] = useStored(storageKey(userId, `overview.${guild.id}`), LayoutSchema, [...DEFAULT_LAYOUT]);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<WidgetId | ''>('');
  const toolRefs = useRef(new Map<string, HTMLButtonElement>());
  const move = (id: WidgetId, delta: number) => {
    setLayout(moveWidget(layout, id, delta));
    announce(`${WIDGETS[id]} moved ${delta < 0 ? 'up' : 'down'}.`);
    // Keep focus on the button pressed, now at the widget's new place.
    requestAnimationFrame(() => toolRefs.current.get(`${id}:${delta}`)?.focus());
  };
  const missing = missingWidgets(layout);
  return (
    <section>
      <div className="row">
        <h1 style={{ flex: 1 }}>Overview</h1>
        <button type="button" aria-pressed={editing} onClick={() => setEditing(!editing)}>
          {editing ? 'Done arranging' : 'Arrange widgets'}
        </button>
      </div>
      {editing ? (
        <div className="row card" style={{ marginBottom: '1rem' }}>
          <label className="check">
            Add a widget
            <select value={adding} onChange={(e) => setAdding(e.target.value as WidgetId | '')} disabled={missing.length === 0}>
              <option value="">{missing.length ? 'choose…' : 'all shown'}</option>
              {missing.map((w) => (
                <option key={w} value={w}>
                  {WIDGETS[w]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!adding}
            onClick={() => {
              if (!adding) return;
              setLayout(addWidget(layout, adding));
              announce(`${WIDGETS[adding]} added.`);
              setAdding('');
            }}
          >
            Add
          </button>
          <button type="button" className="link" onClick={() => setLayout([...DEFAULT_LAYOUT])}>
            Reset to default
          </button>
        </div>
      ) : null}
      {q.isPending ? <Loading what="the overview" /> : null}
      <ErrorNote error={q.error} />
      {layout.length === 0 ? <Empty>No widgets: choose “Arrange widgets” to add some.</Empty> : null}
      {q.data ? (
        <div className="widgets" data-testid="widgets">
          {layout.map((id, i) => (
            <article key={id} className={`widget ${id === 'recent-cases' || id === 'activity' ? 'wide' : ''}`} aria-labelledby={`w-${id}`} data-widget={id}>
              <header>
                <h2 id={`w-${id}`}>{WIDGETS[id]}</h2>
                {editing ? (
                  <span className="widget-tools row">
                    <button type="button" ref={(el) => void (el ? toolRefs.current.set(`${id}:-1`, el) : toolRefs.current.delete(`${id}:-1`))} onClick={() => move(id, -1)} disabled={i === 0} aria-label={`Move ${WIDGETS[id]} up`}>
                      ↑
                    </button>
                    <button type="button" ref={(el) => void (el ? toolRefs.current.set(`${id}:1`, el) : toolRefs.current.delete(`${id}:1`))} onClick={() => move(id, 1)} disabled={i === layout.length - 1} aria-label={`Move ${WIDGETS[id]} down`}>
                      ↓
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setLayout(removeWidget(layout, id));
                        announce(`${WIDGETS[id]} removed.`);
                      }}
                      aria-label={`Remove ${WIDGETS[id]}`}
                    >
                      ✕
                    </button>
                  </span>
                ) : null}
              </header>
              {widgetBody(id, guild, q.data, live.data ?? q.data.bot)}
            </article>
          ))}
        </div>
      ) : null}
    </section>
  );
};
