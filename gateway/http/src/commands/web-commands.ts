import type { Level, Scope } from '@guildhall/access';
import { commands as messagingCommands, publicCommandTypes as messagingPublic } from '@guildhall/messaging';
import { commands as moderationCommands, moderationCatalogue, publicCommandTypes as moderationPublic } from '@guildhall/moderation';
import type { z } from 'zod';

/** What the web and the API may send: the contexts' public commands, each with the level a session needs and the scope a token needs. */
export type WebCommand = Readonly<{ context: string; type: string; schema: z.ZodType; level: Level; scope: Scope }>;

const messagingLevel: Record<(typeof messagingPublic)[number], Level> = {
  SendMessage: 'admin',
  PurgeMessages: 'moderator',
};

const entries: readonly WebCommand[] = [
  ...moderationPublic.map((type): WebCommand => ({ context: 'moderation', type, schema: moderationCommands[type], level: moderationCatalogue[type].level, scope: 'cases:write' })),
  ...messagingPublic.map((type): WebCommand => ({ context: 'messaging', type, schema: messagingCommands[type], level: messagingLevel[type], scope: 'messages:write' })),
];

const byKey = new Map(entries.map((e) => [`${e.context}/${e.type}`, e]));

/** The web command for `<context>/<type>`, or undefined when it is not public (or unknown). */
export const webCommand = (context: string, type: string): WebCommand | undefined => byKey.get(`${context}/${type}`);

export const webCommands: readonly WebCommand[] = entries;

/** Moderation commands whose acceptance opens a case (the process manager allocates its number). */
export const CASE_OPENING: ReadonlySet<string> = new Set(moderationPublic.filter((t) => moderationCatalogue[t].opensCase));
