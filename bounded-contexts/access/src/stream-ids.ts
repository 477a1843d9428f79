import { streamId } from '@guildhall/kernel';

export const ACCESS = 'access';

/** A guild's grants and API tokens: one short stream per guild (`access.guild.<guildId>`). */
export const guildAccessStreamId = (guildId: string): string => streamId(ACCESS, 'guild', guildId);

/** One export of guild data (`access.export.<guildId>-<exportId>`). */
export const dataExportStreamId = (guildId: string, exportId: string): string => streamId(ACCESS, 'export', `${guildId}-${exportId}`);
