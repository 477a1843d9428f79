import { streamId } from '@guildhall/kernel';

export const ACCESS = 'access';

/** A guild's grants and API tokens: one short stream per guild (`access.guild.<guildId>`). */
export const guildAccessStreamId = (guildId: string): string => streamId(ACCESS, 'guild', guildId);

/** A member's erasure record ("forget me"): `access.erasure.<guildId>-<memberId>`. */
export const erasureStreamId = (guildId: string, memberId: string): string => streamId(ACCESS, 'erasure', `${guildId}-${memberId}`);

/** A guild's retention settings (`access.retention.<guildId>`): its events are their history. */
export const retentionStreamId = (guildId: string): string => streamId(ACCESS, 'retention', guildId);

/** One export of guild data (`access.export.<guildId>-<exportId>`). */
export const dataExportStreamId = (guildId: string, exportId: string): string => streamId(ACCESS, 'export', `${guildId}-${exportId}`);
