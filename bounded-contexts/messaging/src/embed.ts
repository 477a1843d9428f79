import { z } from 'zod';
import { DiscordLimits as L } from './discord-limits.js';

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);
const text = (max: number) => z.string().trim().min(1).max(max);

/** A rich embed as the web sends it; each field within Discord's own limit. */
export const EmbedSchema = z.object({
  title: text(L.title).nullable().default(null),
  description: text(L.description).nullable().default(null),
  url: url.nullable().default(null),
  /** 0xRRGGBB */
  color: z.number().int().min(0).max(0xffffff).nullable().default(null),
  timestamp: z.iso.datetime().nullable().default(null),
  fields: z
    .array(z.object({ name: text(L.fieldName), value: text(L.fieldValue), inline: z.boolean().default(false) }))
    .max(L.fields)
    .default([]),
  footer: z.object({ text: text(L.footerText), iconUrl: url.nullable().default(null) }).nullable().default(null),
  author: z.object({ name: text(L.authorName), url: url.nullable().default(null), iconUrl: url.nullable().default(null) }).nullable().default(null),
  imageUrl: url.nullable().default(null),
  thumbnailUrl: url.nullable().default(null),
});
export type Embed = z.output<typeof EmbedSchema>;

/** The characters Discord counts towards the 6000 total of a message's embeds. */
export const embedLength = (e: Embed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0);

/** Discord refuses an embed with nothing to show. */
export const isEmptyEmbed = (e: Embed): boolean =>
  e.title === null &&
  e.description === null &&
  e.fields.length === 0 &&
  e.footer === null &&
  e.author === null &&
  e.imageUrl === null &&
  e.thumbnailUrl === null;
