import { REASON_MAX, ReasonInputSchema } from '@guildhall/moderation';
import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord.js';
import { z } from 'zod';
import { REPORT_MEMBER, REPORT_MESSAGE } from './definitions.js';

/**
 * The reason form a context-menu pick opens. Its custom_id carries the whole pick, so the submit
 * needs no memory of it (a bot restarted while the member types still files the report):
 * `report:<m|u>:<the pick's interaction id>:<the message's or the member's id>`.
 */
const PREFIX = 'report:';
/** The form's one text input. */
export const REASON_INPUT = 'reason';

export type ReportPick = Readonly<{ kind: 'message' | 'member'; pickId: string; targetId: string }>;

const KIND = { m: 'message', u: 'member' } as const;

/** Snowflakes as moderation's SnowflakeSchema takes them (1-20 digits). */
const FORM_ID = /^report:([mu]):(\d{1,20}):(\d{1,20})$/;

/** A form id as it comes back in a submit: anything else is forged or garbled and files nothing. */
export const ReportFormIdSchema = z
  .string()
  .regex(FORM_ID, 'is not a report form id (report:<m|u>:<interaction id>:<target id>)')
  .transform((s): ReportPick => {
    const [, kind, pickId, targetId] = FORM_ID.exec(s) as unknown as [string, 'm' | 'u', string, string];
    return { kind: KIND[kind], pickId, targetId };
  });

export const isReportFormId = (customId: string): boolean => customId.startsWith(PREFIX);

export const reportFormId = (p: ReportPick): string => `${PREFIX}${p.kind === 'message' ? 'm' : 'u'}:${p.pickId}:${p.targetId}`;

/** Discord's modal: a title, one optional paragraph as long as moderation takes a reason. */
export const reportForm = (p: ReportPick): APIModalInteractionResponseCallbackData => ({
  custom_id: reportFormId(p),
  title: p.kind === 'message' ? REPORT_MESSAGE : REPORT_MEMBER,
  components: [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: REASON_INPUT,
          label: 'What is wrong? (optional)',
          style: TextInputStyle.Paragraph,
          required: false,
          max_length: REASON_MAX,
        },
      ],
    },
  ],
});

/**
 * The typed reason as moderation takes it (trimmed, '' → null), or what to tell the member. The
 * Discord client keeps to max_length; a submit that does not (a modified client) is told, not filed.
 */
export const reasonOf = (raw: string | undefined): { ok: true; reason: string | null } | { ok: false; problem: string } => {
  const parsed = ReasonInputSchema.safeParse(raw ?? null);
  if (parsed.success) return { ok: true, reason: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    problem: issue?.code === 'too_big' ? `the reason is longer than ${REASON_MAX} characters` : `the reason ${issue?.message ?? 'is not valid'}`,
  };
};
