import { nextCronRun, type Trigger } from '@guildhall/automation';

/** The next `n` runs of a trigger after `from` (a one-off: its time, if still ahead). Pure: the same rule the scheduler fires by. */
export const upcomingRuns = (trigger: Trigger, from: Date, n: number): string[] => {
  if (trigger.kind === 'once') return Date.parse(trigger.at) > from.getTime() ? [new Date(trigger.at).toISOString()] : [];
  const out: string[] = [];
  let after = from;
  try {
    for (let i = 0; i < n; i++) {
      const next = nextCronRun(trigger.cron, trigger.timeZone, after);
      if (!next) break;
      out.push(next.toISOString());
      after = next;
    }
  } catch {
    return out; // an invalid cron or zone: the API says why on save
  }
  return out;
};

/** A time as it reads on the clock of `timeZone` (the schedule's zone), with the zone's short name. */
export const formatIn = (iso: string, timeZone: string): string => {
  try {
    // dateStyle/timeStyle cannot be combined with timeZoneName: the fields one by one.
    return new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
};

/** The zone a trigger is read in: its own for a cron, the viewer's for a one-off (an instant has none). */
export const zoneOf = (trigger: Trigger, viewerZone: string): string => (trigger.kind === 'cron' ? trigger.timeZone : viewerZone);

/** `<input type="datetime-local">` gives wall-clock text in the viewer's zone: the instant it names. */
export const localInputToIso = (value: string): string | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** The browser's zone (the default zone of a new recurring schedule). */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Every IANA zone the browser knows, for the zone picker. */
export const knownTimeZones = (): readonly string[] => {
  const f = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return f ? f('timeZone') : ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
};
