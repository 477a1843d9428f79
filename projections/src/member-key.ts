/** Read models keyed by member use (guild, user) pairs; this is their map key. */
export const memberKey = (guildId: string, userId: string): string => `${guildId}\u001f${userId}`;

/** `(guild_id, user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))` arrays for a set of members. */
export const memberKeyArrays = (keys: Iterable<Readonly<{ guildId: string; userId: string }>>): [string[], string[]] => {
  const guilds: string[] = [];
  const users: string[] = [];
  const seen = new Set<string>();
  for (const k of keys) {
    const key = memberKey(k.guildId, k.userId);
    if (seen.has(key)) continue;
    seen.add(key);
    guilds.push(k.guildId);
    users.push(k.userId);
  }
  return [guilds, users];
};
