/** One export: recorded or not. */
export type DataExportState = Readonly<{ recorded: boolean }>;
export const initialDataExport = (): DataExportState => ({ recorded: false });
