import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Empty } from '../components/bits.js';
import { Link } from '../router.js';

/** While the list is empty, /api/me is asked again now and then: a guild appears once the bot's first snapshot of it is stored (seconds after the bot joins, or after a start). */
const RECHECK_MS = 5_000;

export const GuildPicker = ({ me }: { me: Me }) => {
  const client = useQueryClient();
  const none = me.guilds.length === 0;
  useEffect(() => {
    if (!none) return;
    const t = setInterval(() => void client.invalidateQueries({ queryKey: keys.me }), RECHECK_MS);
    return () => clearInterval(t);
  }, [none, client]);
  return (
    <section>
      <h1>Your guilds</h1>
      {me.guilds.length === 0 ? (
        <Empty>
          You can&apos;t manage any guild: Guildhall lists the guilds where you may manage the server, ban, kick or time out members. Log in
          as a moderator to try it. A guild the bot has only just joined appears here by itself within seconds. Your own cases and appeals are on{' '}
          <Link to="/me">My record</Link>.
        </Empty>
      ) : (
        <ul className="guilds">
          {me.guilds.map((g) => (
            <li key={g.id}>
              <Link to={`/g/${g.id}`} className="guild-card">
                <span className="guild-icon">{g.name.slice(0, 1)}</span>
                <span>
                  <b>{g.name}</b>
                  <span className="muted small">{g.owner ? 'owner' : g.permissions.includes('ADMINISTRATOR') ? 'administrator' : g.permissions.filter((p) => p !== 'VIEW_AUDIT_LOG').join(', ').toLowerCase().replaceAll('_', ' ')}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
