import { z } from 'zod';

/** Field schemas the automation streams share. */
export const Snowflake = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake (1-20 digits)');
export const Instant = z.iso.datetime();

/** Guildhall's access levels (the access context's), plus `everyone` for a command anyone may run. */
export const RunLevelSchema = z.enum(['everyone', 'viewer', 'moderator', 'admin', 'owner']);
export type RunLevel = z.infer<typeof RunLevelSchema>;
