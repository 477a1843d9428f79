import { useMutation } from '@tanstack/react-query';
import { apiDownload } from '../api/client.js';
import { ErrorNote } from './bits.js';
import { downloadBlob } from './download.js';

type Format = 'csv' | 'ndjson';

/**
 * "Export CSV" / "Export NDJSON" for a list (`exportCases`, `exportAuditLog`) with the filters
 * shown. The file is fetched first, so a refusal (e.g. the export could not be recorded) shows
 * the API's reason here instead of downloading an error as a file.
 */
export const ExportButtons = ({ guildId, kind, filter, what }: { guildId: string; kind: 'cases' | 'audit-log'; filter: URLSearchParams; what: string }) => {
  const run = useMutation({
    mutationFn: async (format: Format) => {
      const q = new URLSearchParams([...filter].filter(([k]) => k !== 'limit' && k !== 'cursor'));
      q.set('format', format);
      const { name, blob } = await apiDownload(`/api/guilds/${guildId}/exports/${kind}?${q}`, `${kind}-${guildId}.${format}`);
      downloadBlob(name, blob);
      return { format, bytes: blob.size };
    },
  });
  return (
    <div className="export" role="group" aria-label={`Export ${what}`}>
      {(['csv', 'ndjson'] as const).map((f) => (
        <button key={f} type="button" data-format={f} onClick={() => run.mutate(f)} disabled={run.isPending}>
          Export {f.toUpperCase()}
          <span className="sr-only"> of {what} with these filters</span>
        </button>
      ))}
      <span className="muted small" aria-live="polite">
        {run.isPending ? 'Exporting…' : run.data ? `Exported ${run.data.format.toUpperCase()} (${Math.max(1, Math.round(run.data.bytes / 1024))} KB).` : ''}
      </span>
      <ErrorNote error={run.error} />
    </div>
  );
};
