import { useState, type FormEvent } from 'react';
import { describeChange, useGuildSettingsAsOf, useGuildSettingsDiff, useRetention, useSetRetention } from '../api/privacy.js';
import type { Me } from '../api/types.js';
import { Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { isAdminLevel } from '../nav.js';

type Guild = Me['guilds'][number];

/** `datetime-local` text (local time, minutes) for a Date, and back to an ISO instant. */
const localInput = (d: Date): string => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const isoOf = (local: string): string | null => {
  const t = Date.parse(local);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/** Settings history: the guild's configuration as of a moment, and what changed between two (replayed from the event store). */
export const SettingsHistoryPage = ({ guild }: { guild: Guild }) => {
  const admin = isAdminLevel(guild.level);
  const now = new Date();
  const [from, setFrom] = useState(localInput(new Date(now.getTime() - 7 * 86_400_000)));
  const [to, setTo] = useState(localInput(now));
  const fromIso = isoOf(from);
  const toIso = isoOf(to);
  return (
    <section>
      <h1>Settings history</h1>
      {!admin ? (
        <p className="muted">The settings history is for admins.</p>
      ) : (
        <>
          <form className="row" aria-label="Moments to compare" onSubmit={(e) => e.preventDefault()}>
            <label>From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
            <label>To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required /></label>
          </form>
          {fromIso && toIso ? <Diff guildId={guild.id} from={fromIso} to={toIso} /> : <p className="muted">Pick two moments.</p>}
          {toIso ? <AsOf guildId={guild.id} at={toIso} /> : null}
          <RetentionForm guildId={guild.id} />
        </>
      )}
    </section>
  );
};

const Diff = ({ guildId, from, to }: { guildId: string; from: string; to: string }) => {
  const diff = useGuildSettingsDiff(guildId, from, to);
  return (
    <>
      <h2>What changed</h2>
      {diff.isPending ? <Loading what="changes" /> : diff.error ? <ErrorNote error={diff.error} /> : diff.data.changes.length === 0 ? <Empty>No change between these moments.</Empty> : (
        <ul className="settings-diff">
          {diff.data.changes.map((c) => (
            <li key={`${c.section}:${c.path}`} className={`change-${c.kind}`}>{describeChange(c)}</li>
          ))}
        </ul>
      )}
    </>
  );
};

/** Per-guild retention of message content: older content is shredded (reads "[erased]"). */
const RetentionForm = ({ guildId }: { guildId: string }) => {
  const retention = useRetention(guildId);
  const set = useSetRetention(guildId);
  const [days, setDays] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set.mutate(days.trim() === '' ? null : Number(days), { onSuccess: () => setDays('') });
  };
  return (
    <>
      <h2>Retention</h2>
      {retention.isPending ? <Loading what="retention" /> : retention.error ? <ErrorNote error={retention.error} /> : (
        <p>
          Message content is {retention.data.messageContentDays === null ? 'kept' : `shredded after ${retention.data.messageContentDays} days`}
          {retention.data.setAt ? <> (set <Time at={retention.data.setAt} />)</> : null}.
        </p>
      )}
      <form className="row" onSubmit={submit} aria-label="Set retention">
        <label>Days to keep message content <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} placeholder="empty: keep" /></label>
        <button type="submit" disabled={set.isPending}>Save</button>
      </form>
      {set.error ? <ErrorNote error={set.error} /> : null}
    </>
  );
};

const AsOf = ({ guildId, at }: { guildId: string; at: string }) => {
  const settings = useGuildSettingsAsOf(guildId, at);
  return (
    <>
      <h2>As of <Time at={at} /></h2>
      {settings.isPending ? <Loading what="settings" /> : settings.error ? <ErrorNote error={settings.error} /> : (
        Object.entries(settings.data.sections).map(([name, value]) => (
          <details key={name} open>
            <summary>{name}</summary>
            <pre className="settings-json">{JSON.stringify(value, null, 2)}</pre>
          </details>
        ))
      )}
    </>
  );
};
