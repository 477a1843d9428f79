import { emailPreferenceAggregate, emailPreferenceStreamId, EmailAddressSchema, MEMBER_SCOPE_GUILD, NOTIFICATIONS, type NotificationsCommandType } from '@guildhall/appeals';
import { LinkSecretSettingsSchema, verifyLink } from '@guildhall/appeals/notification-links';
import { aggregateStream, parseSettings, type CommandResult } from '@guildhall/eventing';
import { newId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { DeliveryStatusFilterSchema, listNotificationDeliveries, notificationDeliveryCounts } from '@guildhall/projections';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createHash, randomBytes } from 'node:crypto';
import { CallbackQuery } from './auth.js';
import { guildRule, PUBLIC, SIGNED_IN } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json, loose, page } from '../api/schemas.js';
import { intParam, textParam } from '../api/query-params.js';
import { rejectedBody } from '../commands/send-command.js';
import { ApiError, rejectionStatus } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';

const EmailPreference = z
  .object({
    /** The confirmed address (emails go there while `enabled`). */
    email: z.string().nullable(),
    /** An address waiting for the member to follow the link mailed to it. */
    pendingEmail: z.string().nullable(),
    enabled: z.boolean(),
  })
  .openapi('EmailPreference');

const Answer = z.object({ status: z.enum(['accepted', 'pending']), preference: EmailPreference }).openapi('EmailPreferenceAnswer');
const SetEmailBody = z.object({ email: EmailAddressSchema }).strict();
const SetEnabledBody = z.object({ enabled: z.boolean() }).strict();
const TokenBody = z.object({ token: z.string().min(1, 'must not be empty').max(2000) }).strict();
const LinkAnswer = z.object({ status: z.enum(['confirmed', 'unsubscribed']) }).openapi('NotificationLinkAnswer');

const Delivery = loose('NotificationDelivery', {
  notificationId: z.string(),
  kind: z.string(),
  channel: z.enum(['email', 'dm', 'channel']),
  recipientId: z.string(),
  status: z.enum(['queued', 'retrying', 'sent', 'given-up']),
  attempts: z.number().int(),
  lastCode: z.string().nullable(),
  lastReason: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
const DeliveriesAnswer = z
  .object({
    counts: z.object({ queued: z.number().int(), retrying: z.number().int(), sent: z.number().int(), givenUp: z.number().int() }),
    deliveries: page('NotificationDeliveryPage', Delivery),
  })
  .openapi('NotificationDeliveries');
const DeliveriesQuery = z.object({ status: DeliveryStatusFilterSchema.optional(), limit: intParam.optional(), cursor: textParam(500).optional() }).strict();

const EMAIL_STATE_COOKIE = 'gh_email_oauth_state';
const LINK_ACTOR: Actor = { kind: 'system', id: 'email-link', name: 'Email link' };

/**
 * A member's email notifications and the admins' view of the outbox:
 *   GET    /me/notifications/email                getEmailPreference
 *   PUT    /me/notifications/email                setEmailAddress        { email }: a confirmation link is mailed
 *   PUT    /me/notifications/email/enabled        setEmailNotifications  { enabled }
 *   DELETE /me/notifications/email                removeEmailAddress
 *   POST   /notifications/email/confirm           confirmEmailAddress    { token } from the mailed link, no sign-in
 *   POST   /notifications/email/unsubscribe       unsubscribeEmail       { token } from any email, no sign-in
 *   GET    /me/notifications/email/discord        useDiscordEmail        → Discord's consent for the `email` scope
 *   GET    /me/notifications/email/discord/callback  discordEmailCallback  Discord's verified address: confirmed at once
 *   GET    /guilds/{guildId}/notifications        listNotificationDeliveries  admin: deliveries and failures
 * The commands go to the notifier (`cmd.notifications.*`); the preference is read from its stream.
 */
export const notificationsArea = (deps: AppDeps, settings = parseSettings(LinkSecretSettingsSchema, process.env)) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });

  const preferenceOf = async (userId: string): Promise<z.output<typeof EmailPreference>> => {
    const { state } = await aggregateStream(deps.store, emailPreferenceStreamId(userId), emailPreferenceAggregate);
    return { email: state.email, pendingEmail: state.pending?.email ?? null, enabled: state.enabled };
  };

  const send = async (c: Context<AppEnv>, actor: Actor, type: NotificationsCommandType, payload: Record<string, unknown>): Promise<CommandResult> => {
    const id = newId();
    const envelope: CommandEnvelope = {
      id,
      type,
      guildId: MEMBER_SCOPE_GUILD,
      actor,
      source: 'web',
      correlationId: c.var.correlationId,
      causationId: null,
      issuedAt: new Date().toISOString(),
      payload,
    };
    const result = await deps.bus.send(envelope, { context: NOTIFICATIONS, waitMs: deps.commandWaitMs });
    deps.logger.info({ commandId: id, type, context: NOTIFICATIONS, actorId: actor.id, status: result.status }, 'command');
    if (result.status === 'rejected') {
      const status = result.code === 'INVALID_COMMAND' ? 400 : result.code === 'CONFIRMATION_UNKNOWN' ? 410 : rejectionStatus(result.code);
      const body = rejectedBody(result, { commandId: id, correlationId: c.var.correlationId }).error;
      throw new ApiError(status, body.code, body.reason, body.field, body.details);
    }
    if (result.status === 'failed') throw new ApiError(502, 'COMMAND_FAILED', result.reason);
    return result;
  };

  const member = (c: Context<AppEnv>): { userId: string; actor: Actor } => {
    const p = c.var.principal;
    if (p?.kind !== 'session') throw new ApiError(401, 'UNAUTHENTICATED', 'log in first');
    return { userId: p.user.id, actor: { kind: 'dashboard-user', id: p.user.id, name: p.user.name } };
  };

  const answer = async (c: Context<AppEnv>, result: CommandResult, userId: string) =>
    c.json({ status: result.status === 'accepted' ? ('accepted' as const) : ('pending' as const), preference: await preferenceOf(userId) }, 200);

  const tag = ['notifications'];
  app.openapi(apiRoute(deps, { operationId: 'getEmailPreference', method: 'get', path: '/me/notifications/email', tags: tag, summary: "The signed-in member's email notifications: address, pending confirmation, opt-in", access: SIGNED_IN, responses: { 200: json(EmailPreference, 'The preference') } }), async (c) =>
    c.json(await preferenceOf(member(c).userId), 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'setEmailAddress', method: 'put', path: '/me/notifications/email', tags: tag, summary: 'Give an address: a confirmation link is mailed to it; confirming opts in', access: SIGNED_IN,
      request: { body: { required: true, content: { 'application/json': { schema: SetEmailBody } } } },
      responses: { 200: json(Answer, 'Asked for (the address is pending until confirmed)') },
    }),
    async (c) => {
      const { userId, actor } = member(c);
      const { email } = c.req.valid('json');
      return answer(c, await send(c, actor, 'SetEmailAddress', { userId, email, verifiedByDiscord: false }), userId);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'setEmailNotifications', method: 'put', path: '/me/notifications/email/enabled', tags: tag, summary: 'Opt in or out of emails (opting in needs a confirmed address)', access: SIGNED_IN,
      request: { body: { required: true, content: { 'application/json': { schema: SetEnabledBody } } } },
      responses: { 200: json(Answer, 'Changed'), 422: json(z.object({ error: z.object({ code: z.literal('EMAIL_NOT_CONFIRMED'), reason: z.string() }) }), 'No confirmed address yet') },
    }),
    async (c) => {
      const { userId, actor } = member(c);
      return answer(c, await send(c, actor, 'SetEmailNotifications', { userId, enabled: c.req.valid('json').enabled, via: 'settings' }), userId);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'removeEmailAddress', method: 'delete', path: '/me/notifications/email', tags: tag, summary: 'Forget the address (and stop emails)', access: SIGNED_IN, responses: { 200: json(Answer, 'Removed') } }),
    async (c) => {
      const { userId, actor } = member(c);
      return answer(c, await send(c, actor, 'RemoveEmailAddress', { userId }), userId);
    },
  );

  const linkRoute = (operationId: string, path: string, summary: string, purpose: 'confirm' | 'unsubscribe') =>
    app.openapi(
      apiRoute(deps, {
        operationId, method: 'post', path, tags: tag, summary, access: PUBLIC,
        request: { body: { required: true, content: { 'application/json': { schema: TokenBody } } } },
        responses: { 200: json(LinkAnswer, 'Done (again is fine)'), 410: json(z.object({ error: z.object({ code: z.string(), reason: z.string() }) }), 'LINK_EXPIRED or CONFIRMATION_UNKNOWN: ask for a new link') },
      }),
      async (c) => {
        const check = verifyLink(settings.NOTIFY_LINK_SECRET, c.req.valid('json').token);
        if (!check.ok) throw new ApiError(check.code === 'LINK_EXPIRED' ? 410 : 400, check.code, check.reason, 'token');
        const p = check.payload;
        if (p.p !== purpose) throw new ApiError(400, 'LINK_INVALID', `this is ${p.p === 'confirm' ? 'a confirmation' : 'an unsubscribe'} link`, 'token');
        if (p.p === 'confirm') {
          await send(c, LINK_ACTOR, 'ConfirmEmailAddress', { userId: p.u, confirmationId: p.c });
          return c.json({ status: 'confirmed' as const }, 200);
        }
        await send(c, LINK_ACTOR, 'SetEmailNotifications', { userId: p.u, enabled: false, via: 'unsubscribe-link' });
        return c.json({ status: 'unsubscribed' as const }, 200);
      },
    );
  linkRoute('confirmEmailAddress', '/notifications/email/confirm', 'Confirm an address from the mailed link (no sign-in)', 'confirm');
  linkRoute('unsubscribeEmail', '/notifications/email/unsubscribe', 'Stop emails from the link in any of them (no sign-in)', 'unsubscribe');

  // Discord's `email` scope, asked for only here (login asks for identify + guilds): a second consent.
  const discordPath = '/api/me/notifications/email/discord';
  const discordRedirect = `${deps.publicUrl}${discordPath}/callback`;
  const secure = deps.publicUrl.startsWith('https:');
  const back = (query: string) => `/me/notifications?${query}`;
  const Redirect = { description: 'Redirect' };
  app.openapi(
    apiRoute(deps, { operationId: 'useDiscordEmail', method: 'get', path: '/me/notifications/email/discord', tags: tag, summary: "Use the address of my Discord account: asks Discord for the `email` scope (redirects)", access: SIGNED_IN, responses: { 302: Redirect } }),
    async (c) => {
      member(c);
      const state = randomBytes(18).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      setCookie(c, EMAIL_STATE_COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'Lax', secure, path: discordPath, maxAge: 600 });
      return c.redirect(await deps.oauth.authorizeUrl(discordRedirect, state, createHash('sha256').update(verifier).digest('base64url'), ['identify', 'email']), 302);
    },
  );
  app.openapi(
    apiRoute(deps, { operationId: 'discordEmailCallback', method: 'get', path: '/me/notifications/email/discord/callback', tags: tag, summary: "Discord's answer: its verified address becomes the member's, confirmed (redirects)", access: SIGNED_IN, responses: { 302: Redirect } }),
    async (c) => {
      const { userId, actor } = member(c);
      const q = CallbackQuery.safeParse(c.req.query());
      const [expected, verifier] = (getCookie(c, EMAIL_STATE_COOKIE) ?? '').split('.');
      deleteCookie(c, EMAIL_STATE_COOKIE, { path: discordPath });
      const fail = (why: string) => c.redirect(back(`error=${encodeURIComponent(why)}`), 302);
      if (!q.success) return fail("Discord's answer was malformed");
      if ('error' in q.data) return fail(q.data.error_description ?? q.data.error);
      if (!expected || !verifier || expected !== q.data.state) return fail('the request expired or came from elsewhere; try again');
      try {
        const user = await deps.oauth.user(await deps.oauth.exchangeCode(q.data.code, discordRedirect, verifier));
        if (user.id !== userId) return fail('Discord answered for another account than the one signed in');
        if (!user.email || user.verified !== true) return fail('Discord has no verified email address for this account');
        await send(c, actor, 'SetEmailAddress', { userId, email: user.email, verifiedByDiscord: true });
        return c.redirect(back('email=discord'), 302);
      } catch (e) {
        deps.logger.warn({ err: e }, 'Discord email lookup failed');
        return fail(e instanceof ApiError ? e.reason : (e as Error).message);
      }
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'listNotificationDeliveries', method: 'get', path: '/guilds/{guildId}/notifications', tags: tag, summary: "The guild's notifications (DMs, staff posts, emails): status, attempts, failures, next retry", access: guildRule('admin', null),
      request: { params: GuildParams, query: DeliveriesQuery },
      responses: { 200: json(DeliveriesAnswer, 'Counts by status and a page of deliveries, newest first') },
    }),
    async (c) => {
      const guildId = c.var.guild.id;
      const q = c.req.valid('query');
      const [counts, deliveries] = await Promise.all([notificationDeliveryCounts(deps.pool, { guildId }), listNotificationDeliveries(deps.pool, { guildId, ...q })]);
      return c.json({ counts, deliveries }, 200);
    },
  );
  return app;
};
