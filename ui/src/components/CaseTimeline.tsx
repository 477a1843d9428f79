import { ERASED, WITHHELD } from '@guildhall/kernel';
import type { TimelineEntry } from '../api/types.js';
import { Link } from '../router.js';
import { Badge, Time } from './bits.js';
import { appealLabel, describeEvent } from './CaseStateView.js';

/** The id of an appeal's entry beside its case's timeline (CaseAppeals), for "lifted by appeal #n" to link to. */
export const appealAnchor = (appealId: string): string => `appeal-${appealId}`;

/** An appellant's statement as the API gave it: the text, "[erased]" once forgotten, or withheld below moderator. */
const Statement = ({ text }: { text: string }) =>
  text === WITHHELD ? (
    <span className="muted small">The member&apos;s statement is shown to moderators only.</span>
  ) : (
    <blockquote className={text === ERASED ? 'muted' : undefined}>{text}</blockquote>
  );

/**
 * A case's timeline: its own events and its appeals' steps, in the order they happened; an
 * appeal's submission with the member's statement (as far as the reader may see it), a lift an
 * approval caused linked to that appeal. A case an approved appeal opened (its unban) lists that
 * appeal's steps too, naming and linking the case the appeal is of.
 */
export const CaseTimeline = ({ guildId, caseNumber, entries }: { guildId: string; caseNumber: number; entries: readonly TimelineEntry[] }) => (
  <ol className="timeline" aria-label={`Timeline of case #${caseNumber}`}>
    {entries.map((e) => (
      <li key={e.eventId} data-stream={e.stream}>
        <span className="event-type">
          {e.stream === 'appeal' ? (
            <>
              <Badge kind="appeal">appeal</Badge>{' '}
            </>
          ) : null}
          {describeEvent(e, caseNumber)}
        </span>
        {e.stream === 'appeal' && e.type === 'AppealSubmitted' ? <Statement text={e.appeal.statement} /> : null}
        {e.stream === 'appeal' && e.type === 'AppealSubmitted' && e.appealCaseNumber !== caseNumber ? (
          <span className="small">
            <Link to={`/g/${guildId}/cases/${e.appealCaseNumber}#${appealAnchor(e.appealId)}`}>
              See {appealLabel(e.appealId)} of case #{e.appealCaseNumber}
            </Link>
          </span>
        ) : null}
        {e.stream === 'case' && e.liftedByAppeal ? (
          <span className="small">
            <Link to={`/g/${guildId}/cases/${e.liftedByAppeal.caseNumber}#${appealAnchor(e.liftedByAppeal.appealId)}`}>
              See {appealLabel(e.liftedByAppeal.appealId)}
              {e.liftedByAppeal.caseNumber !== caseNumber ? ` of case #${e.liftedByAppeal.caseNumber}` : ''}
            </Link>
          </span>
        ) : null}
        <span className="muted small">
          {e.actor.name} · {e.source} · <Time at={e.occurredAt} />
        </span>
      </li>
    ))}
  </ol>
);
