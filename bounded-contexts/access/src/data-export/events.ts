import { ActorSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ExportFormatSchema, ExportKindSchema } from './commands.js';

export const ExportRecordedSchema = z.object({
  exportId: z.string().min(1),
  kind: ExportKindSchema,
  format: ExportFormatSchema,
  filters: z.record(z.string(), z.unknown()),
  exportedBy: ActorSchema,
  exportedAt: z.iso.datetime(),
});
export const dataExportEvents = { ExportRecorded: ExportRecordedSchema } as const;
export type DataExportEvent = EventOf<typeof dataExportEvents>;
