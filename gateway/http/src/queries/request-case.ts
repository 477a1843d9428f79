import { listAuditLog } from '@guildhall/projections';

/**
 * The number of the case a request opened, or null while it is not opened (or not projected)
 * yet. The process manager carries the request's correlation id onto CaseOpened, whose payload
 * names the request, so one indexed audit-log lookup finds it.
 */
export const caseOfRequest = async (
  db: Parameters<typeof listAuditLog>[0],
  guildId: string,
  requestId: string,
  correlationId: string,
): Promise<number | null> => {
  const page = await listAuditLog(db, { guildId, correlationId, type: 'CaseOpened', limit: 50 });
  for (const entry of page.items) {
    const p = entry.payload;
    if (typeof p === 'object' && p !== null && 'requestId' in p && p.requestId === requestId && 'caseNumber' in p && typeof p.caseNumber === 'number') {
      return p.caseNumber;
    }
  }
  return null;
};
