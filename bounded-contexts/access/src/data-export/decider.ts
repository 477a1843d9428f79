import type { Decider } from '@guildhall/kernel';
import type { DataExportCommand } from './commands.js';
import type { DataExportEvent } from './events.js';
import { initialDataExport, type DataExportState } from './state.js';

export const evolveDataExport = (_s: DataExportState, e: DataExportEvent): DataExportState => {
  switch (e.type) {
    case 'ExportRecorded':
      return { recorded: true };
    default: {
      const unknown: never = e.type;
      return unknown;
    }
  }
};

/** Records who exported what with which filters; a resent command records nothing new. */
export const decideDataExport = (c: DataExportCommand, s: DataExportState): DataExportEvent[] => {
  if (s.recorded) return [];
  const { kind, format, filters } = c.data;
  return [{ type: 'ExportRecorded', data: { exportId: c.meta.commandId, kind, format, filters, exportedBy: c.meta.actor, exportedAt: c.meta.now } }];
};

export const dataExportDecider: Decider<DataExportState, DataExportCommand, DataExportEvent> = {
  decide: decideDataExport,
  evolve: evolveDataExport,
  initialState: initialDataExport,
};
