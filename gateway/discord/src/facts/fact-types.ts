import type { z } from 'zod';
import { activityFacts } from './activity-facts.js';
import type { FactEnvelope } from './fact-envelope.js';
import { guildFacts } from './guild-facts.js';
import { memberFacts } from './member-facts.js';
import { messageFacts } from './message-facts.js';
import { moderationFacts } from './moderation-facts.js';

/** Every fact type the bot publishes → the zod schema of its payload. */
export const factPayloads = {
  ...memberFacts,
  ...messageFacts,
  ...moderationFacts,
  ...guildFacts,
  ...activityFacts,
} as const;

export type FactType = keyof typeof factPayloads;
export type FactPayload<T extends FactType> = z.output<(typeof factPayloads)[T]>;

/** A fact with its payload typed by its type (a discriminated union on `type`). */
export type DiscordFact = { [T in FactType]: FactEnvelope<FactPayload<T>> & { type: T } }[FactType];

export const isFactType = (type: string): type is FactType => Object.hasOwn(factPayloads, type);
