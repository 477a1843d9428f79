import { streamId } from '@guildhall/kernel';

export const MODERATION = 'moderation';

/** One member's moderation record in a guild: the consistency boundary for "is banned / timed out". */
export const memberRecordStreamId = (guildId: string, userId: string): string =>
  streamId(MODERATION, 'member', `${guildId}-${userId}`);

/** The guild's case-number counter: one short event per case, so allocation is cheap and serial. */
export const guildCasesStreamId = (guildId: string): string => streamId(MODERATION, 'guild-cases', guildId);

/** One case, from opening to its last annotation. */
export const caseStreamId = (guildId: string, caseNumber: number): string =>
  streamId(MODERATION, 'case', `${guildId}-${caseNumber}`);

/** One bulk request and its per-member outcomes. */
export const bulkActionStreamId = (guildId: string, bulkId: string): string =>
  streamId(MODERATION, 'bulk', `${guildId}-${bulkId}`);

/** The guild's four-eyes rules (which acts wait for a second moderator), with their history. */
export const fourEyesStreamId = (guildId: string): string => streamId(MODERATION, 'four-eyes', guildId);

/** One request for a second moderator's approval; its id is the id of the command it holds (another context's: derived from it, see heldApprovalId). */
export const approvalStreamId = (guildId: string, approvalId: string): string =>
  streamId(MODERATION, 'approval', `${guildId}-${approvalId}`);

/** Whether a command was decided on an approval request (the four-eyes gate held it) rather than run. */
export const isApprovalStreamId = (id: string): boolean => id.startsWith(`${MODERATION}.approval.`);

/** The approval id of a guild's approval stream (what a held command's outcome names); null for any other stream. */
export const approvalIdOfStream = (guildId: string, id: string): string | null => {
  const prefix = `${MODERATION}.approval.${guildId}-`;
  return id.startsWith(prefix) && id.length > prefix.length ? id.slice(prefix.length) : null;
};

/** One reporter's report of one message or member (`reportIdOf`). */
export const reportStreamId = (guildId: string, reportId: string): string => streamId(MODERATION, 'report', `${guildId}-${reportId}`);
