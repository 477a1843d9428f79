import { useMember } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { ForgetButton } from '../components/ForgetButton.js';
import { canPurge, PurgeDialog } from '../components/PurgeDialog.js';
import { Link } from '../router.js';
import { isAdminLevel } from '../nav.js';

type Guild = Me['guilds'][number];

/** Actions offered on a profile, each opening the moderation form for this member with the action chosen. */
const PROFILE_ACTIONS = [
  { type: 'WarnMember', label: 'Warn', needs: ['MODERATE_MEMBERS', 'KICK_MEMBERS', 'BAN_MEMBERS'] },
  { type: 'TimeoutMember', label: 'Time out', needs: ['MODERATE_MEMBERS'] },
  { type: 'KickMember', label: 'Kick', needs: ['KICK_MEMBERS'] },
  { type: 'BanMember', label: 'Ban', needs: ['BAN_MEMBERS'] },
] as const;

export const MemberPage = ({ guild, userId }: { guild: Guild; userId: string }) => {
  const q = useMember(guild.id, userId);
  if (q.isPending) return <Loading what="the member" />;
  if (q.error) {
    return (
      <section>
        <h1>Member {userId}</h1>
        <ErrorNote error={q.error} />
      </section>
    );
  }
  const { member, history, cases } = q.data;
  return (
    <section>
      <h1>
        {member?.displayName ?? userId} {member?.bot ? <Badge kind="note">bot</Badge> : null}
      </h1>
      <p className="muted">
        {userId}
        {member?.username ? ` · @${member.username}` : ''} · <Link to={`/g/${guild.id}/moderate?target=${userId}&name=${encodeURIComponent(member?.displayName ?? '')}`}>moderate…</Link>
      </p>
      <div className="row" role="group" aria-label="Act on this member" style={{ marginBottom: '1rem' }}>
        {PROFILE_ACTIONS.filter((a) => guild.owner || guild.permissions.includes('ADMINISTRATOR') || a.needs.some((n) => guild.permissions.includes(n))).map((a) => (
          <Link key={a.type} className="button" to={`/g/${guild.id}/moderate?action=${a.type}&target=${userId}&name=${encodeURIComponent(member?.displayName ?? '')}`}>
            {a.label}…
          </Link>
        ))}
        {canPurge(guild) ? <PurgeDialog guild={guild} member={{ id: userId, name: member?.displayName ?? null }} label="Delete recent messages…" /> : null}
      </div>
      {isAdminLevel(guild.level) ? <ForgetButton guildId={guild.id} who="member" userId={userId} /> : null}
      {member ? (
        <dl className="facts">
          <dt>In the guild</dt>
          <dd>{member.presence === 'present' ? 'yes' : member.presence === 'left' ? 'left' : 'unknown'}</dd>
          <dt>Joined</dt>
          <dd>
            <Time at={member.joinedAt} /> {member.joinCount > 1 ? <span className="muted small">({member.joinCount} times)</span> : null}
          </dd>
          <dt>Ban</dt>
          <dd>{member.ban ? `${member.ban.status}${member.ban.caseNumber ? ` (case #${member.ban.caseNumber})` : ''}` : 'no'}</dd>
          <dt>Timeout</dt>
          <dd>{member.timeout ? `${member.timeout.status}${member.timeout.expiresAt ? ` until ${new Date(member.timeout.expiresAt).toLocaleString()}` : ''}` : 'no'}</dd>
          <dt>Roles</dt>
          <dd>{member.roles?.length ? member.roles.join(', ') : <span className="muted">none known</span>}</dd>
        </dl>
      ) : (
        <Empty>Guildhall has no record of this member yet.</Empty>
      )}
      <h2>Cases ({member?.caseCount ?? cases.items.length})</h2>
      {cases.items.length ? (
        <ul className="plain">
          {cases.items.map((c) => (
            <li key={c.caseNumber}>
              <Link to={`/g/${guild.id}/cases/${c.caseNumber}`}>#{c.caseNumber}</Link> <Badge kind={c.type}>{c.type}</Badge> {c.reason ?? <span className="muted">no reason</span>} — {c.moderator.name},{' '}
              <Time at={c.openedAt} />
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No cases.</Empty>
      )}
      <h2>History</h2>
      {history.items.length ? (
        <ul className="plain">
          {history.items.map((h) => (
            <li key={`${h.position}-${h.idx}-${h.kind}`}>
              <b>{h.kind.replaceAll('_', ' ')}</b> <Time at={h.occurredAt} /> <span className="muted small">{Object.entries(h.details).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(' · ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No joins, leaves or changes recorded.</Empty>
      )}
    </section>
  );
};
