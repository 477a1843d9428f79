import type { APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { z } from 'zod';
import { snowflake } from './helpers.js';

/** Message bodies with Discord's limits (content 2000, 10 embeds, 6000 embed characters). */

const embedField = z.object({ name: z.string().min(1).max(256), value: z.string().min(1).max(1024), inline: z.boolean().optional() });
const media = z.object({ url: z.string(), proxy_url: z.string().optional(), height: z.number().optional(), width: z.number().optional() });

export const Embed = z
  .object({
    title: z.string().max(256).optional(),
    type: z.string().optional(),
    description: z.string().max(4096).optional(),
    url: z.string().optional(),
    timestamp: z.string().optional(),
    color: z.number().int().min(0).max(0xffffff).nullable().optional(),
    footer: z.object({ text: z.string().max(2048), icon_url: z.string().optional(), proxy_icon_url: z.string().optional() }).optional(),
    image: media.optional(),
    thumbnail: media.optional(),
    video: media.optional(),
    provider: z.object({ name: z.string().optional(), url: z.string().optional() }).optional(),
    author: z.object({ name: z.string().max(256), url: z.string().optional(), icon_url: z.string().optional(), proxy_icon_url: z.string().optional() }).optional(),
    fields: z.array(embedField).max(25).optional(),
  })
  .superRefine((e, ctx) => {
    const total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    if (total > 6000) ctx.addIssue({ code: 'custom', message: 'Embed size exceeds maximum size of 6000' });
  });

const allowedMentions = z.object({
  parse: z.array(z.enum(['roles', 'users', 'everyone'])).optional(),
  roles: z.array(snowflake).max(100).optional(),
  users: z.array(snowflake).max(100).optional(),
  replied_user: z.boolean().optional(),
});

const messageReference = z.object({
  type: z.number().int().optional(),
  message_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  guild_id: snowflake.optional(),
  fail_if_not_exists: z.boolean().optional(),
});

const attachmentRef = z.object({
  id: z.union([snowflake, z.number().int()]),
  filename: z.string().nullish().transform((v) => v ?? undefined),
  description: z.string().max(1024).nullish().transform((v) => v ?? undefined),
  title: z.string().nullish().transform((v) => v ?? undefined),
});

/**
 * Components are checked for shape only (an object with a numeric type) and then stored and
 * echoed as the bot sent them; the sandbox does not validate every component kind.
 */
const component = z.looseObject({ type: z.number().int() }).transform((c) => c as unknown as APIMessageTopLevelComponent);

/** Libraries send null for "not set" (discord.js does); Discord treats such fields as absent. */
const withoutNulls = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) : value;

export const MessageCreateBody = z.preprocess(withoutNulls, z.object({
  content: z.string().max(2000).optional(),
  nonce: z.union([z.string().max(25), z.number().int()]).optional(),
  enforce_nonce: z.boolean().optional(),
  tts: z.boolean().optional(),
  embeds: z.array(Embed).max(10).optional(),
  allowed_mentions: allowedMentions.optional(),
  message_reference: messageReference.optional(),
  components: z.array(component).max(40).optional(),
  sticker_ids: z.array(snowflake).max(3).optional(),
  attachments: z.array(attachmentRef).max(10).optional(),
  flags: z.number().int().optional(),
  poll: z.record(z.string(), z.unknown()).optional(),
}));
export type MessageCreateBody = z.infer<typeof MessageCreateBody>;

export const MessageEditBody = z.object({
  content: z.string().max(2000).nullable().optional(),
  embeds: z.array(Embed).max(10).nullable().optional(),
  flags: z.number().int().nullable().optional(),
  allowed_mentions: allowedMentions.nullable().optional(),
  components: z.array(component).max(40).nullable().optional(),
  attachments: z.array(attachmentRef).max(10).optional(),
});
export type MessageEditBody = z.infer<typeof MessageEditBody>;

export const BulkDeleteBody = z.object({ messages: z.array(snowflake).min(2).max(100) });
