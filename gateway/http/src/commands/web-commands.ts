import { commands as moderationCommands, moderationCatalogue, publicCommandTypes as moderationPublic } from '@guildhall/moderation';
import { commands as messagingCommands, publicCommandTypes as messagingPublic } from '@guildhall/messaging';
import type { z } from 'zod';
import type { PermissionName } from '../auth/permissions.js';

/** What the web may send: the contexts' public commands, each with the Discord permission it needs. */
export type WebCommand = Readonly<{
  context: string;
  type: string;
  schema: z.ZodType;
  /** Any one of these (owners and administrators always pass). */
  needs: (payload: unknown) => readonly PermissionName[];
}>;

const messagingNeeds: Record<(typeof messagingPublic)[number], (payload: unknown) => readonly PermissionName[]> = {
  // The bot speaks for the guild: managers, or moderators who may manage messages.
  SendMessage: () => ['MANAGE_GUILD', 'MANAGE_MESSAGES'],
  // As Discord asks of a human deleting others' messages.
  PurgeMessages: () => ['MANAGE_MESSAGES'],
};

const entries = [
  ...moderationPublic.map((type): WebCommand => ({ context: 'moderation', type, schema: moderationCommands[type], needs: moderationCatalogue[type].needs })),
  ...messagingPublic.map((type): WebCommand => ({ context: 'messaging', type, schema: messagingCommands[type], needs: messagingNeeds[type] })),
];

const byKey = new Map(entries.map((e) => [`${e.context}/${e.type}`, e]));

/** The web command for `<context>/<type>`, or undefined when it is not public (or unknown). */
export const webCommand = (context: string, type: string): WebCommand | undefined => byKey.get(`${context}/${type}`);

export const webCommands: readonly WebCommand[] = entries;

/** Moderation commands whose acceptance opens a case (the process manager allocates its number). */
export const CASE_OPENING: ReadonlySet<string> = new Set(moderationPublic.filter((t) => moderationCatalogue[t].opensCase));
