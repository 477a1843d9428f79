import { InfraError, ErrorCodes } from '@guildhall/kernel';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The music API's settings (env, checked at start). */
export const MusicHttpSettingsSchema = z.object({
  /** Where uploaded audio files are stored (an ignored folder by default). */
  MUSIC_UPLOAD_DIR: z.string().min(1).default(resolve(dirname(fileURLToPath(import.meta.url)), '../../../../.data/music-uploads')),
  /** Largest upload accepted (bytes); larger → 413 UPLOAD_TOO_LARGE. */
  MUSIC_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 ** 3).default(25 * 1024 * 1024),
});
export type MusicHttpSettings = z.infer<typeof MusicHttpSettingsSchema>;

export const loadMusicHttpSettings = (env: NodeJS.ProcessEnv = process.env): MusicHttpSettings => {
  const parsed = MusicHttpSettingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('MUSIC_') && v !== '')));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new InfraError(ErrorCodes.INVALID_SETTINGS, `invalid settings: ${issues.join('; ')}`, { issues });
};
