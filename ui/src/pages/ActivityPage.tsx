import { useState } from 'react';
import { useActivity } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { LoadMore } from '../components/LoadMore.js';
import { Options } from '../components/Options.js';
import { Link } from '../router.js';

type Guild = Me['guilds'][number];

/** The feed's kinds, grouped as a moderator thinks of them. */
const GROUPS: Record<string, string> = {
  '': 'everything',
  'member_joined,member_left,member_roles_changed,member_nickname_changed': 'members',
  'message_edited,message_deleted': 'message edits and deletes',
  'case_opened,case_expired,case_lifted,case_action_failed': 'moderation',
  'message_sent,message_send_failed': 'messages sent from here',
};

export const ActivityPage = ({ guild }: { guild: Guild }) => {
  const [kind, setKind] = useState('');
  const filter = new URLSearchParams({ limit: '40' });
  if (kind) filter.set('kind', kind);
  const q = useActivity(guild.id, filter);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Activity</h1>
      <div className="filters">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <Options choices={Object.entries(GROUPS)} />
          </select>
        </label>
      </div>
      <ErrorNote error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>Nothing has happened yet.</Empty>
      ) : (
        <ul className="feed">
          {items.map((a) => (
            <li key={`${a.position}-${a.idx}`}>
              <Badge kind={a.kind}>{a.kind.replaceAll('_', ' ')}</Badge> <span>{a.summary}</span>{' '}
              {a.user ? <UserLink guildId={guild.id} user={a.user} /> : null}{' '}
              {a.caseNumber ? <Link to={`/g/${guild.id}/cases/${a.caseNumber}`}>#{a.caseNumber}</Link> : null}
              <span className="muted small">
                {' '}
                {a.actor.name} · <Time at={a.occurredAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore pages={q} />
    </section>
  );
};
