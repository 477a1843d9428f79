import { Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ActionRequest, ActionResult } from './action-request.js';
import { isDiscordCode } from './discord-errors.js';

export type ActionContext = Readonly<{
  rest: REST;
  /** The bot's own user id (GET /users/@me once). */
  botUserId: () => Promise<string>;
  logger: Logger;
}>;

export type ActionOf<K extends ActionRequest['kind']> = Extract<ActionRequest, { kind: K }>;
export type ActionFn<K extends ActionRequest['kind']> = (ctx: ActionContext, r: ActionOf<K>) => Promise<ActionResult>;

/** GET that answers null for the given "unknown ..." code instead of throwing. */
export const getOrNull = async (rest: REST, route: `/${string}`, unknownCode: number): Promise<unknown> => {
  try {
    return await rest.get(route);
  } catch (err) {
    if (isDiscordCode(err, unknownCode)) return null;
    throw err;
  }
};

const result = (alreadyDone: boolean, ids: Record<string, string>, count?: number, skipped?: number): ActionResult => ({
  alreadyDone,
  ids,
  ...(count === undefined ? {} : { count }),
  ...(skipped === undefined ? {} : { skipped }),
});
export const done = (ids: Record<string, string> = {}, count?: number, skipped?: number): ActionResult => result(false, ids, count, skipped);
export const alreadyDone = (ids: Record<string, string> = {}, count?: number, skipped?: number): ActionResult => result(true, ids, count, skipped);

/** Options every REST call of an action carries: the audit-log reason when there is one. */
export const reasonOf = (r: ActionRequest): { reason?: string } => (r.auditLogReason ? { reason: r.auditLogReason } : {});

const MeSchema = z.object({ id: z.string() });

export const botUserIdLoader = (rest: REST): (() => Promise<string>) => {
  let id: Promise<string> | undefined;
  return () => {
    id ??= rest.get(Routes.user()).then((u) => MeSchema.parse(u).id);
    id.catch(() => {
      id = undefined;
    });
    return id;
  };
};

export const MemberStateSchema = z.object({
  roles: z.array(z.string()),
  communication_disabled_until: z.string().nullable().optional(),
});
