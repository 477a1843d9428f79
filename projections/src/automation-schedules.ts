import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { parseScheduleEvent } from '@guildhall/automation';
import type { PoolClient } from 'pg';

/**
 * Read model `automation_schedules`: each guild's scheduled actions (what, when, next run,
 * status, who made and last changed it) and every run with its outcome: on time or late after
 * downtime, skipped by policy, succeeded (the message posted) or failed (and why).
 */
export const AUTOMATION_SCHEDULES_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.schedules (
  guild_id text NOT NULL,
  schedule_id text NOT NULL,
  name text,
  status text NOT NULL,
  trigger jsonb NOT NULL,
  action jsonb NOT NULL,
  missed_run text NOT NULL,
  next_run_at timestamptz,
  runs integer NOT NULL DEFAULT 0,
  created_by jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_by jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, schedule_id)
);
CREATE INDEX schedules_next ON ${s}.schedules (guild_id, next_run_at);
CREATE TABLE ${s}.runs (
  guild_id text NOT NULL,
  schedule_id text NOT NULL,
  seq bigint NOT NULL,
  run_number integer,
  due_at timestamptz NOT NULL,
  fired_at timestamptz NOT NULL,
  outcome text NOT NULL,
  late boolean NOT NULL,
  missed_runs integer NOT NULL,
  detail text,
  message_id text,
  settled_at timestamptz,
  PRIMARY KEY (guild_id, schedule_id, seq)
);
CREATE INDEX runs_by_number ON ${s}.runs (guild_id, schedule_id, run_number);
`;

const apply = async (events: readonly EventEnvelope[], client: PoolClient, s: string): Promise<void> => {
  // In order, one statement per event: schedules change rarely, and a run's start and outcome may share a batch.
  for (const envelope of events) {
    const e = parseScheduleEvent(envelope);
    if (!e) continue;
    const key = [envelope.guildId, e.data.scheduleId];
    switch (e.type) {
      case 'ScheduleCreated': {
        const d = e.data;
        await client.query(
          `INSERT INTO ${s}.schedules (guild_id, schedule_id, name, status, trigger, action, missed_run, next_run_at, created_by, created_at, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10) ON CONFLICT (guild_id, schedule_id) DO NOTHING`,
          [...key, d.name, d.nextRunAt === null ? 'completed' : 'active', JSON.stringify(d.trigger), JSON.stringify(d.action), d.missedRun, d.nextRunAt, JSON.stringify(d.by), d.at],
        );
        break;
      }
      case 'ScheduleUpdated': {
        const d = e.data;
        await client.query(
          `UPDATE ${s}.schedules SET name = $3, trigger = $4, action = $5, missed_run = $6, next_run_at = $7, updated_by = $8, updated_at = $9,
             status = CASE WHEN status = 'paused' THEN 'paused' WHEN $7::timestamptz IS NULL THEN 'completed' ELSE 'active' END
           WHERE guild_id = $1 AND schedule_id = $2`,
          [...key, d.name, JSON.stringify(d.trigger), JSON.stringify(d.action), d.missedRun, d.nextRunAt, JSON.stringify(d.by), d.at],
        );
        break;
      }
      case 'SchedulePaused':
      case 'ScheduleCancelled':
        await client.query(`UPDATE ${s}.schedules SET status = $3, updated_by = $4, updated_at = $5 WHERE guild_id = $1 AND schedule_id = $2`, [
          ...key,
          e.type === 'SchedulePaused' ? 'paused' : 'cancelled',
          JSON.stringify(e.data.by),
          e.data.at,
        ]);
        break;
      case 'ScheduleResumed':
        await client.query(
          `UPDATE ${s}.schedules SET status = CASE WHEN $3::timestamptz IS NULL THEN 'completed' ELSE 'active' END, next_run_at = $3, updated_by = $4, updated_at = $5 WHERE guild_id = $1 AND schedule_id = $2`,
          [...key, e.data.nextRunAt, JSON.stringify(e.data.by), e.data.at],
        );
        break;
      case 'ScheduleRunStarted':
      case 'ScheduleRunSkipped': {
        const started = e.type === 'ScheduleRunStarted';
        await client.query(
          `UPDATE ${s}.schedules SET next_run_at = $3, runs = runs + $4,
             status = CASE WHEN status IN ('paused', 'cancelled') THEN status WHEN $3::timestamptz IS NULL THEN 'completed' ELSE 'active' END
           WHERE guild_id = $1 AND schedule_id = $2`,
          [...key, e.data.nextRunAt, started ? 1 : 0],
        );
        await client.query(
          `INSERT INTO ${s}.runs (guild_id, schedule_id, seq, run_number, due_at, fired_at, outcome, late, missed_runs)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          started
            ? [...key, envelope.position, e.data.runNumber, e.data.dueAt, e.data.firedAt, 'running', e.data.late, e.data.missedRuns]
            : [...key, envelope.position, null, e.data.dueAt, e.data.skippedAt, 'skipped', true, e.data.missedRuns],
        );
        break;
      }
      case 'ScheduleRunSucceeded':
      case 'ScheduleRunFailed': {
        const ok = e.type === 'ScheduleRunSucceeded';
        await client.query(
          `UPDATE ${s}.runs SET outcome = $4, detail = $5, message_id = $6, settled_at = $7 WHERE guild_id = $1 AND schedule_id = $2 AND run_number = $3`,
          [...key, e.data.runNumber, ok ? 'succeeded' : 'failed', e.type === 'ScheduleRunFailed' ? e.data.reason : null, e.type === 'ScheduleRunSucceeded' ? e.data.messageId : null, e.data.at],
        );
        break;
      }
    }
  }
};

export const automationSchedulesProjection: Projection = {
  name: 'automation_schedules',
  migrations: [AUTOMATION_SCHEDULES_MIGRATION_V1],
  eventTypes: ['ScheduleCreated', 'ScheduleUpdated', 'SchedulePaused', 'ScheduleResumed', 'ScheduleCancelled', 'ScheduleRunStarted', 'ScheduleRunSkipped', 'ScheduleRunSucceeded', 'ScheduleRunFailed'],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
