import { Cron } from 'croner';
import { ScheduleErrorCodes as E, reject } from './errors.js';

/** Whether Intl knows the IANA zone (what croner converts with). */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * The first time strictly after `after` that `cron` names in `timeZone`, or null when it never
 * comes round. Wall-clock times in the zone: across a daylight-saving change, a time that does
 * not exist that day (02:30 on the spring-forward Sunday) fires at the first minute that does,
 * and one that happens twice (02:30 on the fall-back Sunday) fires once (croner's rules).
 * Throws CRON_INVALID / TIME_ZONE_UNKNOWN with the reason.
 */
export const nextCronRun = (cron: string, timeZone: string, after: Date): Date | null => {
  if (!isTimeZone(timeZone)) return reject(E.TIME_ZONE_UNKNOWN, `"${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`, { field: 'timeZone' });
  // Minutes at the finest: a schedule posts to Discord, whose rate limits a per-second cron would hit.
  if (cron.trim().split(/\s+/).length !== 5) {
    return reject(E.CRON_INVALID, 'a cron expression has five fields: minute hour day-of-month month day-of-week', { field: 'cron' });
  }
  let job: Cron;
  try {
    job = new Cron(cron, { timezone: timeZone, paused: true });
  } catch (e) {
    return reject(E.CRON_INVALID, `the cron expression cannot be read: ${e instanceof Error ? e.message : String(e)}`, { field: 'cron' });
  }
  return job.nextRun(after);
};

/** The next run of a recurring schedule that must fire: refuses a cron that never does. */
export const firstCronRun = (cron: string, timeZone: string, after: Date): Date => {
  const next = nextCronRun(cron, timeZone, after);
  if (next === null) return reject(E.CRON_NEVER_FIRES, `"${cron}" never fires (no such date comes round)`, { field: 'cron' });
  return next;
};
