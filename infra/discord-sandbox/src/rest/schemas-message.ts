import { ComponentType, TextInputStyle, type APIMessageTopLevelComponent } from 'discord-api-types/v10';
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

/** A text input as a modal holds it (Discord's limits: ids 100, label 45, lengths 0–4000). */
const textInput = z
  .object({
    type: z.literal(ComponentType.TextInput),
    custom_id: z.string().min(1).max(100),
    style: z.union([z.literal(TextInputStyle.Short), z.literal(TextInputStyle.Paragraph)]),
    label: z.string().min(1).max(45).optional(),
    min_length: z.number().int().min(0).max(4000).optional(),
    max_length: z.number().int().min(1).max(4000).optional(),
    required: z.boolean().optional(),
    value: z.string().max(4000).optional(),
    placeholder: z.string().max(100).optional(),
  })
  .refine((t) => t.min_length === undefined || t.max_length === undefined || t.min_length <= t.max_length, { message: 'min_length must not exceed max_length', path: ['min_length'] });

/**
 * A modal (interaction callback type 9): a title, a custom_id, 1–5 rows. A row is the legacy action
 * row with one labelled text input, or a label (type 18) around one component; a text display (type 10) is loose.
 */
export const ModalBody = z.object({
  custom_id: z.string().min(1).max(100),
  title: z.string().min(1).max(45),
  components: z
    .array(
      z.union([
        z.object({ type: z.literal(ComponentType.ActionRow), components: z.tuple([textInput.refine((t) => t.label !== undefined, { message: 'a text input in an action row needs a label', path: ['label'] })]) }),
        z.object({ type: z.literal(ComponentType.Label), label: z.string().min(1).max(45), description: z.string().max(100).optional(), component: z.looseObject({ type: z.number().int(), custom_id: z.string().min(1).max(100) }) }),
        z.looseObject({ type: z.literal(ComponentType.TextDisplay) }),
      ]),
    )
    .min(1)
    .max(5),
});
