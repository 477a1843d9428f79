import { InteractionResponseType, InteractionType, MessageFlags, type APIEmbed, type APIMessage } from 'discord-api-types/v10';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { Errors, invalidFormBody } from '../errors.js';
import type { WorldContext } from '../world/context.js';
import { INTERACTION_TOKEN_TTL_MS, interactionMessageExtra, responseMessageType, type InteractionRecord, type InteractionStore } from '../world/interactions.js';
import { createMessage, deleteMessage, editMessage } from '../world/messages.js';
import { formBodyError, readBody, type UploadedFile } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { json, noContent } from './helpers.js';
import { storeAttachments } from './routes-messages.js';
import { MessageCreateBody, MessageEditBody, ModalBody } from './schemas-message.js';

const CallbackBody = z.object({
  type: z.number().int(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** Interaction callbacks must come within 3 s in Discord; the sandbox is lenient but keeps the 15 min token life. */
const findByToken = (store: InteractionStore, now: number, token: string, expectedId?: string): InteractionRecord => {
  const r = store.byToken.get(token);
  if (!r || (expectedId !== undefined && r.id !== expectedId) || now - r.createdAt > INTERACTION_TOKEN_TTL_MS) throw Errors.unknownInteraction();
  return r;
};

const findWebhook = (deps: RestDeps, c: Context<RestEnv>): InteractionRecord => {
  if (c.req.param('applicationId') !== deps.ctx.world.bot.applicationId) throw Errors.unknownWebhook();
  const r = deps.interactions.byToken.get(c.req.param('token') ?? '');
  if (!r || deps.ctx.world.now() - r.createdAt > INTERACTION_TOKEN_TTL_MS) throw Errors.unknownWebhook();
  return r;
};

/** Sends a message on behalf of the interaction: a channel message, or an ephemeral one kept aside. */
const sendAsInteraction = (
  ctx: WorldContext,
  publicUrl: string,
  r: InteractionRecord,
  data: z.infer<typeof MessageCreateBody>,
  files: UploadedFile[],
  loading = false,
): APIMessage => {
  const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  if (!loading && !data.content && !data.embeds?.length && !files.length && !data.components?.length && !data.poll) throw Errors.cannotSendEmpty();
  const { message } = createMessage(ctx, {
    channelId: r.channelId,
    authorId: ctx.world.bot.userId,
    content: data.content,
    embeds: data.embeds as APIEmbed[] | undefined,
    tts: data.tts,
    flags: ((data.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications)) | (loading ? MessageFlags.Loading : 0),
    attachments: storeAttachments(ctx, publicUrl, r.channelId, data.attachments, files),
    components: data.components,
    type: responseMessageType(r),
    extra: interactionMessageExtra(ctx, r),
    ephemeral,
  });
  if (ephemeral) r.ephemeral.set(message.id, message);
  return message;
};

const editAsInteraction = (ctx: WorldContext, publicUrl: string, r: InteractionRecord, messageId: string, data: z.infer<typeof MessageEditBody>, files: UploadedFile[]): APIMessage => {
  const attachments = files.length ? storeAttachments(ctx, publicUrl, r.channelId, data.attachments, files) : undefined;
  const eph = r.ephemeral.get(messageId);
  if (eph) {
    if (data.content !== undefined) eph.content = data.content ?? '';
    if (data.embeds !== undefined) eph.embeds = (data.embeds ?? []) as APIEmbed[];
    if (data.components !== undefined) eph.components = data.components ?? [];
    if (attachments) eph.attachments = attachments;
    eph.flags = (eph.flags ?? 0) & ~MessageFlags.Loading;
    eph.edited_timestamp = ctx.world.nowIso();
    return eph;
  }
  const message = ctx.world.message(r.channelId, messageId);
  message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  return editMessage(ctx, r.channelId, messageId, {
    content: data.content,
    embeds: data.embeds as APIEmbed[] | null | undefined,
    components: data.components,
    ...(attachments ? { attachments } : {}),
  });
};

/** Errors in the callback's `data` are reported under data.*, as Discord does. */
const underData = (issues: readonly z.core.$ZodIssue[]) => formBodyError(issues.map((i) => ({ ...i, path: ['data', ...i.path] })));

const getMessage = (ctx: WorldContext, r: InteractionRecord, messageId: string): APIMessage =>
  r.ephemeral.get(messageId) ?? ctx.world.message(r.channelId, messageId);

export const registerInteractionRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.post('/interactions/:interactionId/:token/callback', async (c) => {
    const r = findByToken(deps.interactions, ctx.world.now(), c.req.param('token'), c.req.param('interactionId'));
    const { body, files } = await readBody(c, CallbackBody);
    if (r.acknowledged) throw Errors.alreadyAcknowledged();
    const isCommand = r.type === InteractionType.ApplicationCommand;
    const invalidType = () => invalidFormBody(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is not valid for this interaction');
    // Autocomplete interactions can only be answered with choices (type 8).
    if (r.type === InteractionType.ApplicationCommandAutocomplete && body.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) throw invalidType();
    const data = body.data ?? {};
    let message: APIMessage | null = null;
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const parsed = MessageCreateBody.safeParse(data);
        if (!parsed.success) throw underData(parsed.error.issues);
        message = sendAsInteraction(ctx, deps.publicUrl(), r, parsed.data, files);
        r.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        // A deferred reply shows "thinking": a loading message the bot later edits.
        message = sendAsInteraction(ctx, deps.publicUrl(), r, { flags: typeof data.flags === 'number' ? data.flags : 0 }, [], true);
        r.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        if (isCommand || !r.sourceMessageId) throw invalidType();
        r.originalMessageId = r.sourceMessageId;
        if (body.type === InteractionResponseType.UpdateMessage) {
          const parsed = MessageEditBody.safeParse(data);
          if (!parsed.success) throw underData(parsed.error.issues);
          message = editAsInteraction(ctx, deps.publicUrl(), r, r.sourceMessageId, parsed.data, files);
        }
        break;
      }
      case InteractionResponseType.Modal:
        if (r.type === InteractionType.ModalSubmit || r.type === InteractionType.ApplicationCommandAutocomplete) throw invalidType();
        {
          const parsed = ModalBody.safeParse(data);
          if (!parsed.success) throw underData(parsed.error.issues);
        }
        break;
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        if (r.type !== InteractionType.ApplicationCommandAutocomplete) throw invalidType();
        if (!Array.isArray(data.choices) || data.choices.length > 25) throw invalidFormBody(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be an array of 25 or fewer choices.');
        break;
      default:
        throw invalidType();
    }
    r.acknowledged = true;
    r.responses.push({ at: ctx.world.nowIso(), kind: 'callback', type: body.type, data, ...(message ? { messageId: message.id } : {}) });
    if (c.req.query('with_response') === 'true') {
      return json({
        interaction: {
          id: r.id,
          type: r.type,
          ...(message ? { response_message_id: message.id, response_message_loading: body.type === 5, response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0 } : {}),
        },
        ...(message ? { resource: { type: body.type, message } } : { resource: { type: body.type } }),
      });
    }
    return noContent();
  });

  const original = (r: InteractionRecord): string => {
    if (!r.acknowledged || !r.originalMessageId) throw Errors.unknownMessage();
    return r.originalMessageId;
  };
  const messageIdOf = (r: InteractionRecord, raw: string): string => (raw === '@original' ? original(r) : raw);
  const belongs = (r: InteractionRecord, id: string) => {
    if (id !== r.originalMessageId && !r.followupIds.includes(id)) throw Errors.unknownMessage();
  };

  app.post('/webhooks/:applicationId/:token', async (c) => {
    const r = findWebhook(deps, c);
    const { body, files } = await readBody(c, MessageCreateBody);
    if (!r.acknowledged) throw Errors.unknownWebhook();
    const message = sendAsInteraction(ctx, deps.publicUrl(), r, body, files);
    r.followupIds.push(message.id);
    r.responses.push({ at: ctx.world.nowIso(), kind: 'followup', data: body, messageId: message.id });
    return json(message);
  });

  app.get('/webhooks/:applicationId/:token/messages/:messageId', (c) => {
    const r = findWebhook(deps, c);
    const id = messageIdOf(r, c.req.param('messageId'));
    belongs(r, id);
    return json(getMessage(ctx, r, id));
  });

  app.patch('/webhooks/:applicationId/:token/messages/:messageId', async (c) => {
    const r = findWebhook(deps, c);
    const raw = c.req.param('messageId');
    const { body, files } = await readBody(c, MessageEditBody);
    const id = messageIdOf(r, raw);
    belongs(r, id);
    const message = editAsInteraction(ctx, deps.publicUrl(), r, id, body, files);
    r.responses.push({ at: ctx.world.nowIso(), kind: raw === '@original' || id === r.originalMessageId ? 'edit_original' : 'edit_followup', data: body, messageId: id });
    return json(message);
  });

  app.delete('/webhooks/:applicationId/:token/messages/:messageId', (c) => {
    const r = findWebhook(deps, c);
    const raw = c.req.param('messageId');
    const id = messageIdOf(r, raw);
    belongs(r, id);
    if (!r.ephemeral.delete(id)) deleteMessage(ctx, r.channelId, id, ctx.world.bot.userId);
    r.responses.push({ at: ctx.world.nowIso(), kind: id === r.originalMessageId ? 'delete_original' : 'delete_followup', messageId: id });
    return noContent();
  });
};
