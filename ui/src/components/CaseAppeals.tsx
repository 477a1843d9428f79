import { useCaseAppeals } from '../api/appeals.js';
import { appealStatusLabel } from '../pages/MyRecordPage.js';
import { Link } from '../router.js';
import { Badge, ErrorNote, Time } from './bits.js';
import { appealAnchor } from './CaseTimeline.js';

/** The appeals of a case, beside its timeline: when each was sent and how it was decided. */
export const CaseAppeals = ({ guildId, caseNumber }: { guildId: string; caseNumber: number }) => {
  const q = useCaseAppeals(guildId, caseNumber);
  const appeals = q.data?.appeals ?? [];
  if (!q.error && appeals.length === 0) return null;
  return (
    <section aria-labelledby="case-appeals-title">
      <h2 id="case-appeals-title">Appeals</h2>
      <ErrorNote error={q.error} />
      <ol className="timeline">
        {appeals.map((a) => (
          <li key={a.id} id={appealAnchor(a.id)}>
            <span className="event-type">
              Appeal <Badge kind={`appeal-${a.status}`}>{appealStatusLabel(a.status)}</Badge>
            </span>
            <span className="muted small">
              sent <Time at={a.submittedAt} />
              {a.reviewer ? <> · reviewer {a.reviewer.name}</> : null}
            </span>
            {a.decision ? (
              <span>
                {a.decision.decision} by {a.decision.by.name} <Time at={a.decision.at} />: {a.decision.reason}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="small">
        <Link to={`/g/${guildId}/appeals?status=all`}>All appeals</Link>
      </p>
    </section>
  );
};
