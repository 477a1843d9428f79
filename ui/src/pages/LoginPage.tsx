import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client.js';

/** "Log in with Discord". Against the sandbox that is the demo login: pick any sandbox user. */
export const LoginPage = ({ error }: { error: string | null }) => {
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => apiGet<{ target: string; loginUrl: string }>('/api/auth/config') });
  const sandbox = config.data && config.data.target !== 'discord';
  return (
    <div className="login">
      <h1>Guildhall</h1>
      <p className="muted">The control plane of your Discord community: cases, moderation, activity, live.</p>
      {error ? <p className="error" role="alert">Login failed: {error}</p> : null}
      <a className="button primary big" href="/auth/login">
        Log in with Discord
      </a>
      {sandbox ? (
        <div className="demo-note">
          <h2>Demo login</h2>
          <p>
            This Guildhall talks to the local <b>Discord sandbox</b>, not to Discord. The button takes you to the sandbox&apos;s sign-in
            page, where you pick which sandbox user you are, no password needed.
          </p>
          <p>
            Pick someone under <b>Staff of Guildhall Sandbox</b>: a <b>moderator</b> (e.g. <i>Fuzzy River</i> with the default seed) can
            warn, time out, kick and ban; the <b>owner</b> or an <b>admin</b> can also hide cases. A plain member signs in but has no guild
            to manage.
          </p>
        </div>
      ) : null}
    </div>
  );
};
