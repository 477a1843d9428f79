// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportButtons } from '../src/components/ExportButtons.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const renderButtons = (filter: URLSearchParams) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ExportButtons guildId="1" kind="audit-log" filter={filter} what="the audit log" />
    </QueryClientProvider>,
  );

describe('export buttons', () => {
  it('asks for the export with the filters shown (not the page size) and offers the file by its name', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      return new Response('{"position":1}\n', { status: 200, headers: { 'content-type': 'application/x-ndjson', 'content-disposition': 'attachment; filename="audit-log-1.ndjson"' } });
    });
    const names: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderButtons(new URLSearchParams({ type: 'CaseOpened', source: 'web', limit: '50' }));
    fireEvent.click(screen.getByRole('button', { name: /Export NDJSON/ }));
    await waitFor(() => expect(screen.getByText(/Exported NDJSON/)).toBeTruthy());
    expect(calls).toEqual(['/api/guilds/1/exports/audit-log?type=CaseOpened&source=web&format=ndjson']);
    expect(names).toEqual(['audit-log-1.ndjson']);
  });

  it("shows the API's reason when the export is refused, and downloads nothing", async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'EXPORT_NOT_RECORDED', reason: 'the export could not be recorded, so it was not made; try again' } }), { status: 503 }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderButtons(new URLSearchParams());
    fireEvent.click(screen.getByRole('button', { name: /Export CSV/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('EXPORT_NOT_RECORDED'));
    expect(click).not.toHaveBeenCalled();
  });
});
