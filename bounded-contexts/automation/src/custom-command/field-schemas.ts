import { z } from 'zod';

/** Field schemas the automation streams share. */
export const Instant = z.iso.datetime();

/** Guildhall's access levels (the access context's), plus `everyone` for a command anyone may run. */
export const RunLevelSchema = z.enum(['everyone', 'viewer', 'moderator', 'admin', 'owner']);
export type RunLevel = z.infer<typeof RunLevelSchema>;
