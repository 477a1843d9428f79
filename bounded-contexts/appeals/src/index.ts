// Appeals: an appeal per case (appeal/), the guild's appeal settings, notifications' outbox.
// The root stays pure.
export const APPEALS_CONTEXT = 'appeals' as const;
