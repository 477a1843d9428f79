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

export const done = (ids: Record<string, string> = {}, count?: number): ActionResult => ({ alreadyDone: false, ids, ...(count === undefined ? {} : { count }) });
export const alreadyDone = (ids: Record<string, string> = {}, count?: number): ActionResult => ({ alreadyDone: true, ids, ...(count === undefined ? {} : { count }) });

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
