import { PermissionFlagsBits as P, type APIAttachment, type APIEmbed, type APIMessage } from 'discord-api-types/v10';
import type { Hono } from 'hono';
import { z } from 'zod';
import { Errors, invalidFormBody } from '../errors.js';
import { channelPermissions, hasPermission, requireChannelPermission } from '../permissions.js';
import { snowflakeTime } from '../world/snowflake.js';
import { bulkDeleteMessages, createMessage, deleteMessage, editMessage } from '../world/messages.js';
import type { WorldContext } from '../world/context.js';
import { readBody, type UploadedFile } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, intQuery, json, noContent, query, snowflake } from './helpers.js';
import { BulkDeleteBody, MessageCreateBody, MessageEditBody } from './schemas-message.js';

const FOURTEEN_DAYS_MS = 14 * 86_400_000;

/** Uploaded files become attachments served from /attachments/…, like Discord's CDN. */
export const storeAttachments = (
  ctx: WorldContext,
  publicUrl: string,
  channelId: string,
  refs: { id: string | number; filename?: string | undefined; description?: string | undefined; title?: string | undefined }[] | undefined,
  files: UploadedFile[],
): APIAttachment[] => {
  const out: APIAttachment[] = [];
  files.forEach((file, index) => {
    const n = /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(index);
    const ref = refs?.find((r) => String(r.id) === n);
    const id = ctx.world.ids.next();
    const filename = ref?.filename ?? file.name ?? `file${n}`;
    const url = `${publicUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    ctx.world.files.set(id, { data: file.data, contentType: file.type || 'application/octet-stream', filename });
    out.push({
      id,
      filename,
      size: file.data.byteLength,
      url,
      proxy_url: url,
      content_type: file.type || 'application/octet-stream',
      ...(ref?.description ? { description: ref.description } : {}),
      ...(ref?.title ? { title: ref.title } : {}),
    });
  });
  return out;
};

export const registerMessageRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  app.get('/channels/:channelId/messages', (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    requireChannelPermission(ctx.world, channel, me, P.ViewChannel);
    const q = query(c, z.object({ limit: intQuery(1, 100, 50), before: snowflake.optional(), after: snowflake.optional(), around: snowflake.optional() }));
    // Without READ_MESSAGE_HISTORY Discord returns an empty list rather than an error.
    if (!hasPermission(channelPermissions(ctx.world, channel, me), P.ReadMessageHistory)) return json([]);
    const all = [...ctx.world.channelMessages(channel.id).values()].map((s) => s.message);
    let picked: APIMessage[];
    if (q.around) {
      const older = all.filter((m) => BigInt(m.id) <= BigInt(q.around as string)).slice(-Math.ceil(q.limit / 2));
      const newer = all.filter((m) => BigInt(m.id) > BigInt(q.around as string)).slice(0, Math.floor(q.limit / 2));
      picked = [...older, ...newer];
    } else if (q.after) picked = all.filter((m) => BigInt(m.id) > BigInt(q.after as string)).slice(0, q.limit);
    else picked = all.filter((m) => !q.before || BigInt(m.id) < BigInt(q.before)).slice(-q.limit);
    return json(picked.reverse());
  });

  app.get('/channels/:channelId/messages/:messageId', (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    requireChannelPermission(ctx.world, channel, me, P.ReadMessageHistory);
    return json(ctx.world.message(channel.id, c.req.param('messageId')));
  });

  app.post('/channels/:channelId/messages', async (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    const { body, files } = await readBody(c, MessageCreateBody);
    requireChannelPermission(ctx.world, channel, me, P.SendMessages);
    const guildId = ctx.world.guildIdOf(channel);
    if (guildId === null && 'recipients' in channel) {
      // Bots can only DM users they share a guild with.
      const other = channel.recipients?.find((u) => u.id !== me);
      const shares = other && [...ctx.world.guilds.values()].some((g) => g.members.has(other.id) && g.members.has(me));
      if (!shares) throw Errors.cannotDmUser();
    }
    const perms = channelPermissions(ctx.world, channel, me);
    if (body.embeds?.length && guildId && !hasPermission(perms, P.EmbedLinks)) throw Errors.missingPermissions();
    if (files.length && guildId && !hasPermission(perms, P.AttachFiles)) throw Errors.missingPermissions();
    if (!body.content && !body.embeds?.length && !files.length && !body.sticker_ids?.length && !body.components?.length && !body.poll) {
      throw Errors.cannotSendEmpty();
    }
    if (body.message_reference?.message_id && body.message_reference.fail_if_not_exists !== false) {
      const refChannel = body.message_reference.channel_id ?? channel.id;
      if (!ctx.world.messages.get(refChannel)?.has(body.message_reference.message_id)) {
        throw invalidFormBody(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      }
    }
    const attachments = storeAttachments(ctx, deps.publicUrl(), channel.id, body.attachments, files);
    const { message } = createMessage(ctx, {
      channelId: channel.id,
      authorId: me,
      content: body.content,
      embeds: body.embeds as APIEmbed[] | undefined,
      tts: (body.tts ?? false) && hasPermission(perms, P.SendTTSMessages),
      nonce: body.nonce,
      enforceNonce: body.enforce_nonce,
      // Only SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS may be set when sending.
      flags: (body.flags ?? 0) & ((1 << 2) | (1 << 12)),
      attachments,
      components: body.components,
      messageReference: body.message_reference,
    });
    return json(message);
  });

  app.patch('/channels/:channelId/messages/:messageId', async (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    const { body, files } = await readBody(c, MessageEditBody);
    requireChannelPermission(ctx.world, channel, me, P.ViewChannel);
    const message = ctx.world.message(channel.id, c.req.param('messageId'));
    if (message.author.id !== me) {
      // Others' messages: only SUPPRESS_EMBEDS, and only with MANAGE_MESSAGES.
      const onlyFlags = Object.keys(body).every((k) => k === 'flags');
      if (!onlyFlags) throw Errors.cannotEditOthers();
      requireChannelPermission(ctx.world, channel, me, P.ManageMessages);
    }
    const added = storeAttachments(ctx, deps.publicUrl(), channel.id, body.attachments, files);
    const kept = body.attachments ? message.attachments.filter((a) => body.attachments?.some((r) => String(r.id) === a.id)) : undefined;
    const updated = editMessage(ctx, channel.id, message.id, {
      content: body.content,
      embeds: body.embeds as APIEmbed[] | null | undefined,
      flags: body.flags,
      components: body.components,
      attachments: kept || added.length ? [...(kept ?? message.attachments), ...added] : undefined,
    });
    return json(updated);
  });

  app.delete('/channels/:channelId/messages/:messageId', (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    requireChannelPermission(ctx.world, channel, me, P.ViewChannel);
    const message = ctx.world.message(channel.id, c.req.param('messageId'));
    if (message.author.id !== me) requireChannelPermission(ctx.world, channel, me, P.ManageMessages);
    deleteMessage(ctx, channel.id, message.id, me, c.get('reason'));
    return noContent();
  });

  app.post('/channels/:channelId/messages/bulk-delete', async (c) => {
    const me = botId(c);
    const channel = ctx.world.channel(c.req.param('channelId'));
    const { body } = await readBody(c, BulkDeleteBody);
    requireChannelPermission(ctx.world, channel, me, P.ManageMessages);
    if (ctx.world.guildIdOf(channel) === null) throw Errors.missingPermissions();
    if (body.messages.some((id) => snowflakeTime(id) < ctx.world.now() - FOURTEEN_DAYS_MS)) throw Errors.bulkDeleteRange();
    bulkDeleteMessages(ctx, channel.id, [...new Set(body.messages)], me, c.get('reason'));
    return noContent();
  });

  app.post('/channels/:channelId/typing', (c) => {
    const me = botId(c);
    requireChannelPermission(ctx.world, ctx.world.channel(c.req.param('channelId')), me, P.SendMessages);
    return noContent();
  });
};
