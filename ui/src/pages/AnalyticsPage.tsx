import { useMemo, useState, type ReactNode } from 'react';
import { useChannels, useHeatmap, useMemberGrowth, useMessageActivity, useModerationActions, useModeratorStats } from '../api/queries.js';
import type { HeatCell, Me } from '../api/types.js';
import { Chart, type ChartSeries } from '../analytics/Chart.js';
import { bucketsBetween, downloadCsv, RANGES, toColumns, toCsv, type Range } from '../analytics/series.js';
import { Empty, ErrorNote, Loading } from '../components/bits.js';
import { DataTable, TableHead } from '../components/DataTable.js';
import { useDocumentTheme } from '../settings/theme.js';

type Guild = Me['guilds'][number];

const ACTIONS = ['warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const label = (iso: string, range: Range) =>
  range === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : range === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** "Download CSV" of one widget's numbers; `of` completes its accessible name ("Download CSV of …"). */
const CsvButton = ({ file, csv, of, disabled }: { file: string; csv: () => string; of: string; disabled?: boolean }) => (
  <button type="button" onClick={() => downloadCsv(file, csv())} disabled={disabled}>
    Download CSV<span className="sr-only"> of {of}</span>
  </button>
);

/** A widget's frame: its title with the CSV download of its numbers, then its content. */
const Widget = ({ title, download, children }: { title: string; download: ReactNode; children: ReactNode }) => (
  <article className="widget wide">
    <header>
      <h2>{title}</h2>
      {download}
    </header>
    {children}
  </article>
);

/** A chart's frame: title, CSV download, the chart, and its numbers as a table (collapsed). */
const Panel = ({ title, csv, file, children, table }: { title: string; csv: () => string; file: string; children: ReactNode; table: ReactNode }) => (
  <Widget title={title} download={<CsvButton file={file} csv={csv} of={title} />}>
    {children}
    <details>
      <summary>Show the numbers</summary>
      <div className="table-wrap">{table}</div>
    </details>
  </Widget>
);

const SeriesTable = ({ x, series, range }: { x: readonly string[]; series: readonly ChartSeries[]; range: Range }) => (
  <table className="table">
    <TableHead columns={[range, ...series.map((s) => s.label)]} />
    <tbody>
      {x.map((b, i) =>
        series.some((s) => s.values[i]) ? (
          <tr key={b}>
            <td>{label(b, range)}</td>
            {series.map((s) => (
              <td key={s.label}>{s.values[i]}</td>
            ))}
          </tr>
        ) : null,
      )}
    </tbody>
  </table>
);

const seriesCsv = (x: readonly string[], series: readonly ChartSeries[]) => toCsv(['bucket', ...series.map((s) => s.label)], x.map((b, i) => [b, ...series.map((s) => s.values[i] ?? 0)]));

const MemberGrowth = ({ guild, range, theme }: { guild: Guild; range: Range; theme: string }) => {
  const q = useMemberGrowth(guild.id, range);
  const chart = useMemo(() => {
    if (!q.data) return null;
    const x = bucketsBetween(q.data.from, q.data.to, range);
    const { columns } = toColumns(x, q.data.points, ['joins', 'leaves', 'net'], (p, s) => p[s as 'joins' | 'leaves' | 'net']);
    const series: ChartSeries[] = [
      { label: 'joins', values: columns.joins! },
      { label: 'leaves', values: columns.leaves! },
      { label: 'net growth', values: columns.net! },
    ];
    return { x, series, joins: columns.joins!.reduce((a, b) => a + b, 0), leaves: columns.leaves!.reduce((a, b) => a + b, 0) };
  }, [q.data, range]);
  return (
    <Panel title="Members: joins, leaves, net growth" file={`members-${range}.csv`} csv={() => (chart ? seriesCsv(chart.x, chart.series) : '')} table={chart ? <SeriesTable x={chart.x} series={chart.series} range={range} /> : null}>
      {q.isPending ? <Loading what="member growth" /> : null}
      <ErrorNote error={q.error} />
      {chart && q.data?.points.length === 0 ? <Empty>No joins or leaves in this period.</Empty> : null}
      {chart && q.data?.points.length ? (
        <Chart title="Members" summary={`${chart.joins} joins and ${chart.leaves} leaves, net ${chart.joins - chart.leaves}`} x={chart.x} series={chart.series} theme={theme} />
      ) : null}
    </Panel>
  );
};

/** Channels drawn as their own line; the rest are summed into "other channels". */
const TOP_CHANNELS = 5;

const Messages = ({ guild, range, theme }: { guild: Guild; range: Range; theme: string }) => {
  const q = useMessageActivity(guild.id, range);
  const channels = useChannels(guild.id);
  const nameOf = useMemo(() => {
    const names = new Map((channels.data?.channels ?? []).map((c) => [c.id, `#${c.name}`]));
    return (id: string) => names.get(id) ?? id;
  }, [channels.data]);
  const chart = useMemo(() => {
    if (!q.data) return null;
    const x = bucketsBetween(q.data.from, q.data.to, range);
    const top = q.data.channels.slice(0, TOP_CHANNELS).map((c) => c.channelId);
    const other = q.data.channels.length > TOP_CHANNELS;
    const names = ['all', ...top, ...(other ? ['other'] : [])];
    const { columns } = toColumns(x, q.data.points, names, (p, s) => (s === 'all' ? p.n : s === 'other' ? (top.includes(p.channelId) ? undefined : p.n) : p.channelId === s ? p.n : undefined));
    const series: ChartSeries[] = names.map((s) => ({ label: s === 'all' ? 'all channels' : s === 'other' ? 'other channels' : nameOf(s), values: columns[s]!, kind: s === 'all' ? 'line' : 'bars' }));
    return { x, series, total: q.data.channels.reduce((a, c) => a + c.n, 0) };
  }, [q.data, range, nameOf]);
  const perChannel = q.data?.channels ?? [];
  const channelCsv = () => toCsv(['channel_id', 'channel', 'messages'], perChannel.map((c) => [c.channelId, nameOf(c.channelId), c.n]));
  return (
    <Panel title="Messages per day and channel" file={`messages-${range}.csv`} csv={() => (chart ? seriesCsv(chart.x, chart.series) : '')} table={chart ? <SeriesTable x={chart.x} series={chart.series} range={range} /> : null}>
      {q.isPending ? <Loading what="messages" /> : null}
      <ErrorNote error={q.error} />
      {chart && chart.total === 0 ? <Empty>No messages recorded in this period.</Empty> : null}
      {chart && chart.total > 0 ? (
        <>
          <Chart title="Messages" summary={`${chart.total} messages in ${perChannel.length} channels`} x={chart.x} series={chart.series} theme={theme} />
          <h3>Per channel</h3>
          <DataTable className="table cards per-channel" columns={['channel', 'messages', 'share']}>
            {perChannel.map((c) => (
              <tr key={c.channelId}>
                <td data-label="channel">{nameOf(c.channelId)}</td>
                <td data-label="messages">{c.n}</td>
                <td data-label="share">{pct(c.n / chart.total)}</td>
              </tr>
            ))}
          </DataTable>
          <CsvButton file={`messages-per-channel-${range}.csv`} csv={channelCsv} of="messages per channel" />
        </>
      ) : null}
    </Panel>
  );
};

const ModerationActions = ({ guild, range, theme }: { guild: Guild; range: Range; theme: string }) => {
  const q = useModerationActions(guild.id, range);
  const chart = useMemo(() => {
    if (!q.data) return null;
    const x = bucketsBetween(q.data.from, q.data.to, range);
    const present = ACTIONS.filter((a) => q.data.points.some((p) => p.action === a));
    const { columns } = toColumns(x, q.data.points, present, (p, s) => (p.action === s ? p.n : undefined));
    const series: ChartSeries[] = present.map((a) => ({ label: a, values: columns[a]!, kind: 'bars' }));
    return { x, series, total: q.data.points.reduce((a, p) => a + p.n, 0) };
  }, [q.data, range]);
  return (
    <Panel title="Moderation actions by type" file={`moderation-${range}.csv`} csv={() => (chart ? seriesCsv(chart.x, chart.series) : '')} table={chart ? <SeriesTable x={chart.x} series={chart.series} range={range} /> : null}>
      {q.isPending ? <Loading what="moderation actions" /> : null}
      <ErrorNote error={q.error} />
      {chart && chart.total === 0 ? <Empty>No cases opened in this period.</Empty> : null}
      {chart && chart.total > 0 ? <Chart title="Moderation actions" summary={`${chart.total} cases: ${chart.series.map((s) => `${s.values.reduce((a, b) => a + b, 0)} ${s.label}`).join(', ')}`} x={chart.x} series={chart.series} theme={theme} /> : null}
    </Panel>
  );
};

/** Seconds as a person reads a wait: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export const duration = (seconds: number): string => {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
};

const Moderators = ({ guild }: { guild: Guild }) => {
  const q = useModeratorStats(guild.id);
  const rows = q.data?.moderators ?? [];
  const csv = () =>
    toCsv(
      ['moderator_id', 'name', 'kind', 'actions', 'share', 'lifted', 'lifted_share', 'responses', 'median_response_seconds'],
      rows.map((m) => [m.moderatorId, m.name, m.kind, m.actions, m.share.toFixed(4), m.lifted, m.liftedShare.toFixed(4), m.responses, m.medianResponseSeconds === null ? '' : Math.round(m.medianResponseSeconds)]),
    );
  const table = (
    <table className="table cards">
      <TableHead columns={['moderator', 'actions', 'share', 'later lifted', 'median time to act']} />
      <tbody>
        {rows.map((m) => (
          <tr key={m.moderatorId}>
            <td data-label="moderator">
              {m.name} <span className="muted small">{m.kind}</span>
            </td>
            <td data-label="actions">{m.actions}</td>
            <td data-label="share">{pct(m.share)}</td>
            <td data-label="later lifted">
              {m.lifted} ({pct(m.liftedShare)})
            </td>
            <td data-label="median time to act">
              {m.medianResponseSeconds === null ? (
                <span aria-label="none">—</span>
              ) : (
                <>
                  {duration(m.medianResponseSeconds)} <span className="muted small">({m.responses})</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Widget title="Per moderator" download={<CsvButton file="moderators.csv" csv={csv} of="per-moderator actions" disabled={!rows.length} />}>
      {q.isPending ? <Loading what="moderators" /> : null}
      <ErrorNote error={q.error} />
      {q.data && rows.length === 0 ? <Empty>No moderator has opened a case yet.</Empty> : null}
      {rows.length ? table : null}
      <p className="muted small">
        All time. “Later lifted”: cases ended early by an unban or a removed timeout. “Median time to act”: from a member&apos;s report, or an automod flag
        (a rule that only alerted), to the action that answered it (in brackets: how many); — where the moderator answered none.
      </p>
    </Widget>
  );
};

const Heatmap = ({ guild }: { guild: Guild }) => {
  const q = useHeatmap(guild.id);
  const cells: readonly HeatCell[] = q.data?.cells ?? [];
  const max = Math.max(1, ...cells.map((c) => c.n));
  const csv = () => toCsv(['weekday', 'hour_utc', 'events'], cells.map((c) => [WEEKDAYS[c.weekday], c.hour, c.n]));
  return (
    <Widget title="Activity by weekday and hour (UTC)" download={<CsvButton file="activity-heatmap.csv" csv={csv} of="the activity heatmap" disabled={!cells.length} />}>
      {q.isPending ? <Loading what="the heatmap" /> : null}
      <ErrorNote error={q.error} />
      {cells.length ? (
        <div className="table-wrap">
          <table className="heatmap">
            <caption className="sr-only">Events per weekday and UTC hour: joins, leaves, messages posted, edited and deleted, cases</caption>
            <TableHead columns={[<span className="sr-only">day</span>, ...Array.from({ length: 24 }, (_, h) => (h % 3 === 0 ? h : <span className="sr-only">{h}</span>))]} />
            <tbody>
              {WEEKDAYS.map((d, w) => (
                <tr key={d}>
                  <th scope="row">{d}</th>
                  {cells
                    .filter((c) => c.weekday === w)
                    .map((c) => (
                      <td key={c.hour} className="heat" title={`${d} ${c.hour}:00 UTC: ${c.n}`} style={{ background: c.n ? `color-mix(in srgb, var(--accent) ${Math.round(15 + (85 * c.n) / max)}%, var(--panel))` : undefined }}>
                        <span className="sr-only">{c.n}</span>
                      </td>
                    ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Widget>
  );
};

/** Charts over the analytics read model; uPlot is in this page's chunk only (lazy-loaded). */
export const AnalyticsPage = ({ guild }: { guild: Guild }) => {
  const [range, setRange] = useState<Range>('day');
  const theme = useDocumentTheme();
  return (
    <section>
      <h1>Analytics</h1>
      <fieldset className="actions" style={{ marginBottom: '1rem' }}>
        <legend>Bucket by</legend>
        {RANGES.map((r) => (
          <label key={r} className={`pill ${range === r ? 'on' : ''}`}>
            <input type="radio" name="range" value={r} checked={range === r} onChange={() => setRange(r)} />
            {r}
          </label>
        ))}
      </fieldset>
      <div className="widgets">
        <MemberGrowth guild={guild} range={range} theme={theme} />
        <Messages guild={guild} range={range} theme={theme} />
        <ModerationActions guild={guild} range={range} theme={theme} />
        <Moderators guild={guild} />
        <Heatmap guild={guild} />
      </div>
    </section>
  );
};
