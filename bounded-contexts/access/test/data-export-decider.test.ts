import { commandFromEnvelope, DeciderSpecification, type Actor } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { dataExportCommands, dataExportDecider, dataExportStreamId, type DataExportCommand } from '../src/index.js';

const NOW = '2026-03-01T12:00:00.000Z';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const record = (payload: unknown): DataExportCommand =>
  commandFromEnvelope(dataExportCommands, { id: 'exp-1', type: 'RecordExport', issuedAt: NOW, guildId: '1', actor: ANN, source: 'web', correlationId: 'c', causationId: null, payload });
const spec = DeciderSpecification.for(dataExportDecider);

describe('RecordExport', () => {
  it('records who exported which list, in which format, with which filters', () => {
    spec.given([]).when(record({ kind: 'cases', format: 'csv', filters: { type: ['ban'] } })).then([
      { type: 'ExportRecorded', data: { exportId: 'exp-1', kind: 'cases', format: 'csv', filters: { type: ['ban'] }, exportedBy: ANN, exportedAt: NOW } },
    ]);
  });
  it('records once for a resent command', () => {
    spec.given([{ type: 'ExportRecorded', data: { exportId: 'exp-1', kind: 'cases', format: 'csv', filters: {}, exportedBy: ANN, exportedAt: NOW } }]).when(record({ kind: 'cases', format: 'csv', filters: {} })).then([]);
  });
  it('knows two lists and two formats', () => {
    expect(() => record({ kind: 'secrets', format: 'csv', filters: {} })).toThrow(/kind/);
    expect(() => record({ kind: 'cases', format: 'xml', filters: {} })).toThrow(/format/);
    expect(dataExportStreamId('1', 'exp-1')).toBe('access.export.1-exp-1');
  });
});
