import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';

export const ExportKindSchema = z.enum(['cases', 'audit-log']);
export const ExportFormatSchema = z.enum(['csv', 'ndjson']);

/** Commands of one export (stream `access.export.<guildId>-<exportId>`): an export of guild data is itself on the record. */
export const dataExportCommands = {
  RecordExport: z.object({
    kind: ExportKindSchema,
    format: ExportFormatSchema,
    /** The list's filters as the caller gave them. */
    filters: z.record(z.string(), z.unknown()),
  }),
} as const;
export type DataExportCommand = CommandOf<typeof dataExportCommands>;
