import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client.js';
import { Badge, Time } from './bits.js';

/** GET /api/guilds/:guildId/audit/verification (gateway/http areas/audit.ts, operationId getAuditVerification). */
export type VerificationStatus = {
  status: 'verified' | 'failed' | 'unknown';
  verifiedAt: string | null;
  upToPosition: number;
  upToOccurredAt: string | null;
  problems: number;
  firstProblem: { code: string; stream: string; position: number; what: string } | null;
  case: { caseNumber: number; lastPosition: number; covered: boolean } | null;
};

export const verificationKeys = {
  status: (g: string, caseNumber?: number) => ['audit_verification', g, caseNumber ?? 'guild'] as const,
};

export const useVerification = (g: string, caseNumber?: number) =>
  useQuery({
    queryKey: verificationKeys.status(g, caseNumber),
    queryFn: () => apiGet<VerificationStatus>(`/api/guilds/${g}/audit/verification${caseNumber ? `?case=${caseNumber}` : ''}`),
    refetchInterval: 60_000,
  });

/** The badge's colour and words for a status (pure, so it is tested without a DOM). */
export const verificationView = (v: VerificationStatus): { kind: 'ok' | 'bad' | 'status-pending'; text: string } => {
  if (v.status === 'unknown') return { kind: 'status-pending', text: 'not verified yet' };
  if (v.status === 'failed') {
    const p = v.firstProblem;
    return { kind: 'bad', text: `verification failed${p ? `: ${p.code} at ${p.stream} position ${p.position}` : ''}${v.problems > 1 ? ` (+${v.problems - 1} more)` : ''}` };
  }
  if (v.case && !v.case.covered) return { kind: 'status-pending', text: `verified up to position ${v.upToPosition}; this case's latest event (${v.case.lastPosition}) is newer` };
  return { kind: 'ok', text: `verified up to position ${v.upToPosition}` };
};

/** "verified up to <position>, <time>" — red when the last scheduled check of the hash chain failed. */
export const VerificationBadge = ({ guildId, caseNumber }: { guildId: string; caseNumber?: number }) => {
  const q = useVerification(guildId, caseNumber);
  if (!q.data) return null;
  const view = verificationView(q.data);
  return (
    <p className="verification" title={q.data.firstProblem?.what ?? 'hash chain and signed checkpoints recomputed from the event store'}>
      <Badge kind={view.kind}>{view.text}</Badge>
      {q.data.upToOccurredAt ? (
        <>
          {' '}
          (event of <Time at={q.data.upToOccurredAt} />, checked <Time at={q.data.verifiedAt} />)
        </>
      ) : null}
    </p>
  );
};
