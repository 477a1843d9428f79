import { commandFromEnvelope, deciderSlice, streamIdOfSlices, type CommandEnvelope, type CommandOf } from '@guildhall/kernel';
import { bulkActionDecider } from './bulk-action/decider.js';
import { bulkActionCommands, type BulkActionCommand } from './bulk-action/commands.js';
import { caseCommands, type CaseCommand } from './case/commands.js';
import { caseDecider } from './case/decider.js';
import { caseNumberDecider } from './case-number/decider.js';
import { caseNumberCommands, type CaseNumberCommand } from './case-number/commands.js';
import { memberRecordCommands, type MemberRecordCommand } from './member-record/commands.js';
import { memberRecordDecider } from './member-record/decider.js';
import { approvalRequestCommands, type ApprovalRequestCommand } from './approval-request/commands.js';
import { approvalRequestDecider } from './approval-request/decider.js';
import { fourEyesCommands, type FourEyesCommand } from './four-eyes/commands.js';
import { fourEyesDecider } from './four-eyes/decider.js';
import { reportCommands, reportIdOf, type ReportCommand } from './report/commands.js';
import { reportDecider } from './report/decider.js';
import { reportStreamId, approvalStreamId, bulkActionStreamId, caseStreamId, fourEyesStreamId, guildCasesStreamId, memberRecordStreamId } from './stream-ids.js';

/** Every moderation command type → the zod schema of its payload. */
export const commands = {
  ...memberRecordCommands,
  ...caseNumberCommands,
  ...caseCommands,
  ...bulkActionCommands,
  ...fourEyesCommands,
  ...approvalRequestCommands,
  ...reportCommands,
} as const;
export type ModerationCommand = CommandOf<typeof commands>;
export type ModerationCommandType = ModerationCommand['type'];

/** What users may send (web, slash commands); the rest come from the gateway, scheduler, executor or process manager. */
export const publicCommandTypes = [
  'WarnMember',
  'AddMemberNote',
  'TimeoutMember',
  'RemoveMemberTimeout',
  'KickMember',
  'BanMember',
  'UnbanMember',
  'RequestBulkAction',
  'AmendCaseReason',
  'AddCaseNote',
  'AddCaseEvidence',
  'HideCase',
  'RestoreCase',
] as const satisfies readonly ModerationCommandType[];

/** Validates a bus envelope's payload (DomainError INVALID_COMMAND / UNKNOWN_COMMAND) and builds the command. */
export const toCommand = (envelope: CommandEnvelope, now?: string): ModerationCommand =>
  commandFromEnvelope(commands, envelope, now);

export const memberRecordStreamIdOf = (c: MemberRecordCommand): string =>
  memberRecordStreamId(c.meta.guildId, 'target' in c.data ? c.data.target.id : c.data.userId);
export const caseNumberStreamIdOf = (c: CaseNumberCommand): string => guildCasesStreamId(c.meta.guildId);
export const caseStreamIdOf = (c: CaseCommand): string => caseStreamId(c.meta.guildId, c.data.caseNumber);
/** A bulk request's id is its command id. */
export const bulkActionStreamIdOf = (c: BulkActionCommand): string =>
  bulkActionStreamId(c.meta.guildId, c.type === 'RequestBulkAction' ? c.meta.commandId : c.data.bulkId);

export const fourEyesStreamIdOf = (c: FourEyesCommand): string => fourEyesStreamId(c.meta.guildId);
/** An approval's id is the id of the command it holds (RequestApproval keeps the held command's id). */
export const approvalStreamIdOf = (c: ApprovalRequestCommand): string =>
  approvalStreamId(c.meta.guildId, c.type === 'RequestApproval' ? c.meta.commandId : c.data.approvalId);

/** A report's id is what it is about and who reports it (`reportIdOf`). */
export const reportStreamIdOf = (c: ReportCommand): string =>
  reportStreamId(c.meta.guildId, c.type === 'FileReport' ? reportIdOf(c.data) : c.data.reportId);

/** Kept in the context's exports for its callers; the type itself lives in the kernel. */
export type { DeciderSlice } from '@guildhall/kernel';

/** The deciders of the context, each with its commands and stream. */
export const moderationSlices = {
  memberRecord: deciderSlice(memberRecordCommands, memberRecordDecider, memberRecordStreamIdOf),
  caseNumber: deciderSlice(caseNumberCommands, caseNumberDecider, caseNumberStreamIdOf),
  case: deciderSlice(caseCommands, caseDecider, caseStreamIdOf),
  bulkAction: deciderSlice(bulkActionCommands, bulkActionDecider, bulkActionStreamIdOf),
  fourEyes: deciderSlice(fourEyesCommands, fourEyesDecider, fourEyesStreamIdOf),
  approvalRequest: deciderSlice(approvalRequestCommands, approvalRequestDecider, approvalStreamIdOf),
  report: deciderSlice(reportCommands, reportDecider, reportStreamIdOf),
} as const;

/** The stream a command is decided on, its slice's (stream ids are validated tokens: DomainError INVALID_STREAM_ID otherwise). */
export const streamIdOf = streamIdOfSlices<ModerationCommand>(moderationSlices);
