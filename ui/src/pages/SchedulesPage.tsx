import { useState, type FormEvent } from 'react';
import { useChannels } from '../api/queries.js';
import {
  useCancelSchedule,
  useCreateScheduledAction,
  useCreateScheduledMessage,
  usePauseSchedule,
  useResumeSchedule,
  useScheduleRuns,
  useSchedules,
  useUpdateSchedule,
  type ScheduleAnswer,
  type ScheduledActionBody,
  type ScheduleView,
} from '../api/schedules.js';
import type { Me } from '../api/types.js';
import { announce } from '../components/announce.js';
import { Badge, Empty, ErrorNote, Loading } from '../components/bits.js';
import { DataTable } from '../components/DataTable.js';
import { MemberPicker } from '../components/MemberPicker.js';
import { Options } from '../components/Options.js';
import { formatIn, knownTimeZones, localInputToIso, upcomingRuns, viewerTimeZone, zoneOf } from '../schedules/upcoming.js';

type Guild = Me['guilds'][number];
type Channel = { id: string; name: string };

const ZONES_LIST_ID = 'schedule-time-zones';

/** "Channel": a select of the known channels, or an id field while there is no channel list yet. */
const ChannelField = ({ id, list, value, onChange }: { id: string; list: readonly Channel[]; value: string; onChange: (v: string) => void }) => (
  <>
    <label htmlFor={id}>Channel</label>
    {list.length ? (
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <Options choices={list.map((c) => [c.id, `#${c.name}`] as const)} />
      </select>
    ) : (
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder="channel id (no channel list yet)" required />
    )}
  </>
);

/** A new schedule's submit and what came of it: why it was refused, or that it is scheduled (for when, in `zone`). */
const ScheduleButton = ({ create, zone }: { create: { isPending: boolean; error: unknown; data: ScheduleAnswer | undefined }; zone: string }) => (
  <>
    <button type="submit" className="primary" disabled={create.isPending}>
      Schedule
    </button>
    <ErrorNote error={create.error} />
    {create.data ? (
      <p role="status" className="ok">
        Scheduled{create.data.nextRunAt ? ` for ${formatIn(create.data.nextRunAt, zone)}` : ''}.
      </p>
    ) : null}
  </>
);

/** Once at a time, or recurring on a cron in a time zone: the two shapes the API takes. */
const TriggerFields = ({ prefix, kind, setKind, at, setAt, cron, setCron, zone, setZone }: {
  prefix: string; kind: 'once' | 'cron'; setKind: (k: 'once' | 'cron') => void; at: string; setAt: (v: string) => void; cron: string; setCron: (v: string) => void; zone: string; setZone: (v: string) => void;
}) => (
  <>
    <fieldset className="row">
      <legend>When</legend>
      <label className="check">
        <input type="radio" name={`${prefix}-kind`} checked={kind === 'once'} onChange={() => setKind('once')} /> once
      </label>
      <label className="check">
        <input type="radio" name={`${prefix}-kind`} checked={kind === 'cron'} onChange={() => setKind('cron')} /> recurring (cron)
      </label>
    </fieldset>
    {kind === 'once' ? (
      <label>
        At <span className="muted small">(your clock, {viewerTimeZone()})</span>
        <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} step={1} required />
      </label>
    ) : (
      <>
        <label>
          Cron <span className="muted small">(minute hour day-of-month month day-of-week, e.g. 0 9 * * 1 = Mondays 09:00)</span>
          <input value={cron} onChange={(e) => setCron(e.target.value)} required maxLength={120} spellCheck={false} />
        </label>
        <label>
          Time zone <span className="muted small">(the cron is read on this clock, across daylight-saving changes)</span>
          <input value={zone} onChange={(e) => setZone(e.target.value)} list={ZONES_LIST_ID} required maxLength={64} />
        </label>
      </>
    )}
  </>
);

const CreateForm = ({ guild, list }: { guild: Guild; list: readonly Channel[] }) => {
  const create = useCreateScheduledMessage(guild.id);
  const [channelId, setChannelId] = useState('');
  const [content, setContent] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'once' | 'cron'>('once');
  const [at, setAt] = useState('');
  const [cron, setCron] = useState('0 9 * * 1');
  const [zone, setZone] = useState(viewerTimeZone());
  const [missedRun, setMissedRun] = useState<'fire-once' | 'skip'>('fire-once');
  const [announcement, setAnnouncement] = useState(false);
  const chosen = channelId || list[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const when = kind === 'once' ? { at: localInputToIso(at) ?? at } : { cron, timeZone: zone };
    create.mutate(
      { channelId: chosen, content, ...when, ...(name.trim() ? { name: name.trim() } : {}), missedRun, announcement },
      { onSuccess: () => setContent('') },
    );
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="schedule-new">
      <h2 id="schedule-new">Schedule a message</h2>
      <ChannelField id="schedule-channel" list={list} value={chosen} onChange={setChannelId} />
      <label>
        Message
        <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={3} maxLength={2000} required />
      </label>
      <label>
        Name <span className="muted small">(optional)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </label>
      <TriggerFields prefix="new" kind={kind} setKind={setKind} at={at} setAt={setAt} cron={cron} setCron={setCron} zone={zone} setZone={setZone} />
      <label>
        If Guildhall was down at the time
        <select value={missedRun} onChange={(e) => setMissedRun(e.target.value === 'skip' ? 'skip' : 'fire-once')}>
          <option value="fire-once">post it once when back</option>
          <option value="skip">skip it</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={announcement} onChange={(e) => setAnnouncement(e.target.checked)} /> announcement (may ping @everyone and roles)
      </label>
      <ScheduleButton create={create} zone={kind === 'cron' ? zone : viewerTimeZone()} />
    </form>
  );
};

type ActionKind = ScheduledActionBody['kind'];
const ACTION_KINDS: readonly [ActionKind, string][] = [
  ['temporary-role', 'Temporary role (given, then removed)'],
  ['reminder', 'Reminder for a member'],
  ['unban', 'Unban a member'],
  ['untimeout', 'End a member’s timeout'],
];
const SNOWFLAKE = '[0-9]{1,20}';

/** Reminders, scheduled unban / untimeout and temporary roles (createScheduledAction). */
const ActionForm = ({ guild, list }: { guild: Guild; list: readonly Channel[] }) => {
  const create = useCreateScheduledAction(guild.id);
  const [kind, setKind] = useState<ActionKind>('temporary-role');
  const [userId, setUserId] = useState('');
  const [roleId, setRoleId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [content, setContent] = useState('');
  const [reason, setReason] = useState('');
  const [now, setNow] = useState(true);
  const [until, setUntil] = useState('');
  const [when, setWhen] = useState<'once' | 'cron'>('once');
  const [at, setAt] = useState('');
  const [cron, setCron] = useState('0 9 * * 1');
  const [zone, setZone] = useState(viewerTimeZone());
  const chosen = channelId || list[0]?.id || '';
  const role = kind === 'temporary-role';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const why = reason.trim() ? { reason: reason.trim() } : {};
    const action: ScheduledActionBody =
      kind === 'temporary-role' ? { kind, userId, roleId, until: localInputToIso(until) ?? until, ...why }
      : kind === 'reminder' ? { kind, channelId: chosen, userId, content }
      : { kind, userId, ...why };
    const time = role ? (now ? {} : { at: localInputToIso(at) ?? at }) : when === 'once' ? { at: localInputToIso(at) ?? at } : { cron, timeZone: zone };
    create.mutate({ action, ...time }, { onSuccess: () => setContent('') });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="schedule-action-new">
      <h2 id="schedule-action-new">Schedule an action</h2>
      <label>
        What
        <select value={kind} onChange={(e) => setKind(ACTION_KINDS.find(([k]) => k === e.target.value)?.[0] ?? 'temporary-role')}>
          <Options choices={ACTION_KINDS} />
        </select>
      </label>
      <MemberPicker guildId={guild.id} onPick={(m) => setUserId(m.id)} />
      <label>
        Member id <span className="muted small">(filled in by the search, or typed)</span>
        <input value={userId} onChange={(e) => setUserId(e.target.value)} pattern={SNOWFLAKE} inputMode="numeric" required />
      </label>
      {role ? (
        <>
          <label>
            Role <span className="muted small">(role id; the bot’s role must be above it)</span>
            <input value={roleId} onChange={(e) => setRoleId(e.target.value)} pattern={SNOWFLAKE} inputMode="numeric" required />
          </label>
          <label className="check">
            <input type="checkbox" checked={now} onChange={(e) => setNow(e.target.checked)} /> give it now
          </label>
          {now ? null : (
            <label>
              Give at <span className="muted small">(your clock, {viewerTimeZone()})</span>
              <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} step={1} required />
            </label>
          )}
          <label>
            Remove at <span className="muted small">(your clock, {viewerTimeZone()})</span>
            <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} step={1} required />
          </label>
        </>
      ) : (
        <>
          {kind === 'reminder' ? (
            <>
              <ChannelField id="schedule-action-channel" list={list} value={chosen} onChange={setChannelId} />
              <label>
                Reminder
                <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={2} maxLength={1900} required />
              </label>
            </>
          ) : null}
          <TriggerFields prefix="action" kind={when} setKind={setWhen} at={at} setAt={setAt} cron={cron} setCron={setCron} zone={zone} setZone={setZone} />
        </>
      )}
      {kind !== 'reminder' ? (
        <label>
          Reason <span className="muted small">(optional; goes to the audit log)</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={512} />
        </label>
      ) : null}
      <ScheduleButton create={create} zone={!role && when === 'cron' ? zone : viewerTimeZone()} />
    </form>
  );
};

const Runs = ({ guild, schedule }: { guild: Guild; schedule: ScheduleView }) => {
  const runs = useScheduleRuns(guild.id, schedule.scheduleId, true);
  if (runs.isPending) return <Loading what="runs" />;
  if (runs.error) return <ErrorNote error={runs.error} />;
  if (!runs.data.runs.length) return <Empty>No run yet.</Empty>;
  const zone = zoneOf(schedule.trigger, viewerTimeZone());
  return (
    <DataTable caption={<caption className="muted small">Runs of {schedule.name ?? 'this schedule'}, newest first</caption>} columns={['Due', 'Outcome', 'Detail']}>
      {runs.data.runs.map((r) => (
        <tr key={`${r.dueAt}-${r.runNumber ?? 'skip'}`}>
          <td>{formatIn(r.dueAt, zone)}</td>
          <td>
            <Badge kind={r.outcome === 'succeeded' ? 'ok' : r.outcome === 'failed' ? 'failed' : 'pending'}>{r.outcome}</Badge>
            {r.late ? <span className="muted small"> late (missed during downtime)</span> : null}
          </td>
          <td className="small">
            {r.detail ?? (r.missedRuns > 0 ? `${r.missedRuns} missed run(s) folded in` : r.messageId ? `message ${r.messageId}` : '')}
          </td>
        </tr>
      ))}
    </DataTable>
  );
};

const EditForm = ({ guild, schedule, list, done }: { guild: Guild; schedule: ScheduleView; list: readonly Channel[]; done: () => void }) => {
  const update = useUpdateSchedule(guild.id);
  const a = schedule.action;
  const t = schedule.trigger;
  const [channelId, setChannelId] = useState(a.kind === 'message' ? a.channelId : '');
  const [content, setContent] = useState(a.kind === 'message' ? (a.content ?? '') : '');
  const [kind, setKind] = useState<'once' | 'cron'>(t.kind);
  const [at, setAt] = useState('');
  const [cron, setCron] = useState(t.kind === 'cron' ? t.cron : '0 9 * * 1');
  const [zone, setZone] = useState(t.kind === 'cron' ? t.timeZone : viewerTimeZone());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const when = kind === 'once' ? (at ? { at: localInputToIso(at) ?? at } : {}) : { cron, timeZone: zone };
    update.mutate({ scheduleId: schedule.scheduleId, edit: { ...(a.kind === 'message' ? { channelId, content } : {}), ...when } }, { onSuccess: done });
  };
  const id = `edit-${schedule.scheduleId}`;
  return (
    <form className="form" onSubmit={submit} aria-label={`Edit ${schedule.name ?? 'schedule'}`}>
      {a.kind === 'message' ? (
        <>
          <ChannelField id={`${id}-channel`} list={list} value={channelId} onChange={setChannelId} />
          <label>
            Message
            <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={3} maxLength={2000} required />
          </label>
        </>
      ) : null}
      <TriggerFields prefix={id} kind={kind} setKind={setKind} at={at} setAt={setAt} cron={cron} setCron={setCron} zone={zone} setZone={setZone} />
      <div className="row">
        <button type="submit" className="primary" disabled={update.isPending}>
          Save
        </button>
        <button type="button" onClick={done}>
          Close
        </button>
      </div>
      <ErrorNote error={update.error} />
    </form>
  );
};

const describeAction = (s: ScheduleView, channels: readonly Channel[]): string => {
  const a = s.action;
  const channel = (id: string) => `#${channels.find((c) => c.id === id)?.name ?? id}`;
  switch (a.kind) {
    case 'message':
      return `${a.announcement ? 'Announcement' : 'Message'} in ${channel(a.channelId)}: ${a.content ?? '(embeds)'}`;
    case 'reminder':
      return `Reminder for <@${a.userId}> in ${channel(a.channelId)}: ${a.content}`;
    case 'unban':
      return `Unban ${a.userId}`;
    case 'untimeout':
      return `End the timeout of ${a.userId}`;
    case 'temporary-role':
      return `Role ${a.roleId} for ${a.userId} until ${formatIn(a.until, viewerTimeZone())}`;
  }
};

const ScheduleCard = ({ guild, schedule, list }: { guild: Guild; schedule: ScheduleView; list: readonly Channel[] }) => {
  const [open, setOpen] = useState<'none' | 'runs' | 'edit'>('none');
  const pause = usePauseSchedule(guild.id);
  const resume = useResumeSchedule(guild.id);
  const cancel = useCancelSchedule(guild.id);
  const [confirming, setConfirming] = useState(false);
  const zone = zoneOf(schedule.trigger, viewerTimeZone());
  const upcoming = schedule.status === 'active' ? upcomingRuns(schedule.trigger, new Date(), 3) : [];
  const live = schedule.status === 'active' || schedule.status === 'paused';
  const title = schedule.name ?? (schedule.trigger.kind === 'cron' ? `Every “${schedule.trigger.cron}”` : 'One-off message');
  return (
    <li className="card">
      <h3>
        {title} <Badge kind={schedule.status === 'active' ? 'ok' : schedule.status === 'paused' ? 'pending' : 'note'}>{schedule.status}</Badge>
      </h3>
      <p>{describeAction(schedule, list)}</p>
      <p className="muted small">
        {schedule.trigger.kind === 'cron' ? `cron ${schedule.trigger.cron} in ${schedule.trigger.timeZone}` : 'once'} · created by {schedule.createdBy.name} · {schedule.runs} run(s)
        {schedule.missedRun === 'skip' ? ' · skips missed runs' : ''}
      </p>
      {upcoming.length ? (
        <p>
          Next: {upcoming.map((u) => formatIn(u, zone)).join(' · ')}
        </p>
      ) : schedule.nextRunAt ? (
        <p>Next: {formatIn(schedule.nextRunAt, zone)}</p>
      ) : null}
      <div className="row">
        <button type="button" onClick={() => setOpen(open === 'runs' ? 'none' : 'runs')} aria-expanded={open === 'runs'}>
          Run history
        </button>
        {live ? (
          <button type="button" onClick={() => setOpen(open === 'edit' ? 'none' : 'edit')} aria-expanded={open === 'edit'}>
            Edit
          </button>
        ) : null}
        {schedule.status === 'active' ? (
          <button type="button" onClick={() => pause.mutate(schedule.scheduleId, { onSuccess: () => announce(`${title}: paused.`) })} disabled={pause.isPending}>
            Pause
          </button>
        ) : null}
        {schedule.status === 'paused' ? (
          <button type="button" onClick={() => resume.mutate(schedule.scheduleId, { onSuccess: () => announce(`${title}: resumed.`) })} disabled={resume.isPending}>
            Resume
          </button>
        ) : null}
        {schedule.status !== 'cancelled' ? (
          <button type="button" className={confirming ? 'danger' : ''} onClick={() => (confirming ? (setConfirming(false), cancel.mutate(schedule.scheduleId, { onSuccess: () => announce(`${title}: cancelled.`) })) : setConfirming(true))} disabled={cancel.isPending}>
            {confirming ? 'Yes, cancel it' : 'Cancel…'}
          </button>
        ) : null}
      </div>
      {confirming ? (
        <p role="alert" className="error">
          Cancel this schedule for good? Its history stays. Press “Yes, cancel it” to go on.
        </p>
      ) : null}
      <ErrorNote error={pause.error ?? resume.error ?? cancel.error} />
      {open === 'runs' ? <Runs guild={guild} schedule={schedule} /> : null}
      {open === 'edit' ? <EditForm guild={guild} schedule={schedule} list={list} done={() => setOpen('none')} /> : null}
    </li>
  );
};

/** Scheduled messages and actions (reminders, unban, untimeout, temporary roles): the upcoming runs (in each schedule's zone), a create form, edit, pause, cancel and each run's outcome. */
export const SchedulesPage = ({ guild }: { guild: Guild }) => {
  const schedules = useSchedules(guild.id);
  const channels = useChannels(guild.id);
  const list = channels.data?.channels ?? [];
  const all = schedules.data?.schedules ?? [];
  const current = all.filter((s) => s.status === 'active' || s.status === 'paused');
  const past = all.filter((s) => s.status === 'completed' || s.status === 'cancelled');
  return (
    <section>
      <h1>Schedules</h1>
      <datalist id={ZONES_LIST_ID}>
        {knownTimeZones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <CreateForm guild={guild} list={list} />
      <ActionForm guild={guild} list={list} />
      <h2>Upcoming</h2>
      {schedules.isPending ? <Loading what="schedules" /> : null}
      <ErrorNote error={schedules.error} />
      {schedules.data && !current.length ? <Empty>Nothing scheduled.</Empty> : null}
      <ul className="feed">
        {current.map((s) => (
          <ScheduleCard key={s.scheduleId} guild={guild} schedule={s} list={list} />
        ))}
      </ul>
      {past.length ? (
        <>
          <h2>Done and cancelled</h2>
          <ul className="feed">
            {past.map((s) => (
              <ScheduleCard key={s.scheduleId} guild={guild} schedule={s} list={list} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
};
