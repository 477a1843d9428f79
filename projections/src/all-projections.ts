import type { Projection } from '@guildhall/eventing';
import { auditLogProjection } from './audit-log.js';
import { caseTimelineProjection } from './case-timeline.js';
import { casesProjection } from './cases.js';

/** Every read model the projections service runs (and `npm run rebuild -- all` rebuilds). */
export const allProjections: readonly Projection[] = [casesProjection, caseTimelineProjection, auditLogProjection];
