import { APPEALABLE, AppealSettingsSchema, defaultAppealSettings, type Appeal, type AppealSettings, type AppealStatus } from '@guildhall/appeals';
import { z } from 'zod';
import { isoOf, readModel, type Db } from './db.js';
import { GuildIdSchema, parseQuery, SnowflakeSchema } from './query-input.js';

const APPEALS = readModel('appeals');
const StatusSchema = z.enum(['submitted', 'under-review', 'approved', 'denied', 'withdrawn']);
const AppealIdInput = z.string().regex(/^\d{1,20}-\d{1,10}-\d{1,6}$/, 'must be <guildId>-<caseNumber>-<n>');

/** An appeal as the API shows it (`id` is the appeal id). */
export type AppealView = Readonly<
  Omit<Appeal, 'appealId'> & { id: string; guildId: string; caseNumber: number; updatedAt: string }
>;

type Row = { appeal_id: string; guild_id: string; case_number: number; updated_at: Date; state: Appeal };
const viewOf = (r: Row): AppealView => {
  const { appealId, ...rest } = r.state;
  return { ...rest, id: appealId, guildId: r.guild_id, caseNumber: r.case_number, updatedAt: isoOf(r.updated_at) };
};

export const ListAppealsInputSchema = z
  .object({
    guildId: GuildIdSchema,
    status: StatusSchema.optional(),
    /** `open`: submitted or under review. */
    open: z.boolean().optional(),
    caseNumber: z.number().int().positive().optional(),
    reviewerId: SnowflakeSchema.optional(),
    limit: z.number().int().min(1).max(200).default(100),
  })
  .strict();

/** The guild's appeals, oldest waiting first (the review queue's order). */
export const listAppeals = async (db: Db, input: z.input<typeof ListAppealsInputSchema>): Promise<readonly AppealView[]> => {
  const f = parseQuery('listAppeals', ListAppealsInputSchema, input);
  const where = ['guild_id = $1'];
  const values: unknown[] = [f.guildId];
  const add = (sql: string, v: unknown) => {
    values.push(v);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (f.status) add('status = ?', f.status);
  if (f.open !== undefined) where.push(f.open ? `status IN ('submitted', 'under-review')` : `status NOT IN ('submitted', 'under-review')`);
  if (f.caseNumber !== undefined) add('case_number = ?', f.caseNumber);
  if (f.reviewerId) add('reviewer_id = ?', f.reviewerId);
  values.push(f.limit);
  const { rows } = await db.query<Row>(`SELECT appeal_id, guild_id, case_number, updated_at, state FROM ${APPEALS}.appeals WHERE ${where.join(' AND ')} ORDER BY submitted_at, appeal_id LIMIT $${values.length}`, values);
  return rows.map(viewOf);
};

export const GetAppealInputSchema = z.object({ guildId: GuildIdSchema, appealId: AppealIdInput }).strict();

export const getAppeal = async (db: Db, input: z.input<typeof GetAppealInputSchema>): Promise<AppealView | null> => {
  const f = parseQuery('getAppeal', GetAppealInputSchema, input);
  const { rows } = await db.query<Row>(`SELECT appeal_id, guild_id, case_number, updated_at, state FROM ${APPEALS}.appeals WHERE guild_id = $1 AND appeal_id = $2`, [f.guildId, f.appealId]);
  return rows[0] ? viewOf(rows[0]) : null;
};

export const GetAppealSettingsInputSchema = z.object({ guildId: GuildIdSchema }).strict();

/** The guild's appeal settings (the defaults until an admin saves some). */
export const getAppealSettings = async (db: Db, input: z.input<typeof GetAppealSettingsInputSchema>): Promise<AppealSettings> => {
  const f = parseQuery('getAppealSettings', GetAppealSettingsInputSchema, input);
  const { rows } = await db.query<{ settings: unknown }>(`SELECT settings FROM ${APPEALS}.appeal_settings WHERE guild_id = $1`, [f.guildId]);
  return rows[0] ? AppealSettingsSchema.parse(rows[0].settings) : defaultAppealSettings();
};

export const ListMyCasesInputSchema = z.object({ userId: SnowflakeSchema, limit: z.number().int().min(1).max(500).default(200) }).strict();

/** One of a member's own cases, as the guild lets the member see it. */
export type MyCase = Readonly<{
  guildId: string;
  caseNumber: number;
  type: string;
  status: string;
  reason: string | null;
  openedAt: string;
  expiresAt: string | null;
  endedHow: string | null;
  endedAt: string | null;
  /** Only when the guild shows moderators' names. */
  moderatorName: string | null;
  /** The latest appeal of the case, if any. */
  appeal: Readonly<{ id: string; status: AppealStatus; decisionReason: string | null; submittedAt: string; decidedAt: string | null }> | null;
  /** The guild takes appeals, and none is open on this case. */
  canAppeal: boolean;
  /** The guild's questions for the appeal form. */
  questions: readonly string[];
}>;

type CaseDb = {
  guild_id: string;
  case_number: number;
  action: string;
  status: string;
  reason: string | null;
  moderator_name: string;
  hidden: boolean;
  opened_at: Date;
  expires_at: Date | null;
  ended_how: string | null;
  ended_at: Date | null;
};

/**
 * A member's cases in every guild (newest first), from the `cases` read model, with what each
 * guild hides left out (hidden cases, the moderator's name) per its appeal settings, and the
 * latest appeal of each case from this read model.
 */
export const listMyCases = async (db: Db, input: z.input<typeof ListMyCasesInputSchema>): Promise<readonly MyCase[]> => {
  const f = parseQuery('listMyCases', ListMyCasesInputSchema, input);
  const { rows: cases } = await db.query<CaseDb>(
    `SELECT guild_id, case_number, action, status, reason, moderator_name, hidden, opened_at, expires_at, ended_how, ended_at
       FROM ${readModel('cases')}.cases WHERE target_id = $1 AND action <> 'note' ORDER BY opened_at DESC, case_number DESC LIMIT $2`,
    [f.userId, f.limit],
  );
  if (cases.length === 0) return [];
  const guildIds = [...new Set(cases.map((c) => c.guild_id))];
  const { rows: settingRows } = await db.query<{ guild_id: string; settings: unknown }>(`SELECT guild_id, settings FROM ${APPEALS}.appeal_settings WHERE guild_id = ANY($1::text[])`, [guildIds]);
  const settingsOf = new Map(settingRows.map((r) => [r.guild_id, AppealSettingsSchema.parse(r.settings)]));
  const { rows: appealRows } = await db.query<Row>(
    `SELECT appeal_id, guild_id, case_number, updated_at, state FROM ${APPEALS}.appeals WHERE appellant_id = $1 ORDER BY submitted_at`,
    [f.userId],
  );
  const latest = new Map(appealRows.map((r) => [`${r.guild_id}-${r.case_number}`, r.state]));
  return cases.flatMap((c): MyCase[] => {
    const s = settingsOf.get(c.guild_id) ?? defaultAppealSettings();
    if (c.hidden && !s.showHiddenCases) return [];
    const a = latest.get(`${c.guild_id}-${c.case_number}`);
    const open = a !== undefined && (a.status === 'submitted' || a.status === 'under-review');
    return [
      {
        guildId: c.guild_id,
        caseNumber: c.case_number,
        type: c.action,
        status: c.status,
        reason: c.reason,
        openedAt: isoOf(c.opened_at),
        expiresAt: c.expires_at ? isoOf(c.expires_at) : null,
        endedHow: c.ended_how,
        endedAt: c.ended_at ? isoOf(c.ended_at) : null,
        moderatorName: s.showModeratorName ? c.moderator_name : null,
        appeal: a ? { id: a.appealId, status: a.status, decisionReason: a.decision?.reason ?? null, submittedAt: a.submittedAt, decidedAt: a.decision?.at ?? null } : null,
        canAppeal: s.enabled && !open && APPEALABLE.has(c.action),
        questions: s.questions,
      },
    ];
  });
};
