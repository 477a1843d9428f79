import { Routes } from 'discord.js';
import { z } from 'zod';
import { done, type ActionFn } from './action-context.js';
import { postOnce } from './send-message.js';

const DmChannelSchema = z.object({ id: z.string() });

/**
 * Opens (or reuses: Discord keeps one per user) the DM channel, then posts once (nonce). A warn
 * DM and a plain DM do the same; a closed DM fails with 50007 and the reason says so.
 */
export const sendDm: ActionFn<'dm' | 'warn-dm'> = async ({ rest }, r) => {
  const channel = DmChannelSchema.parse(await rest.post(Routes.userChannels(), { body: { recipient_id: r.userId } }));
  return done(await postOnce(rest, channel.id, r.id, { content: r.content }));
};
