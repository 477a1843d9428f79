import type { Me } from '../api/types.js';
import { Link } from '../router.js';
import { ACCENTS, THEME_MODES, useTheme, type AccentName, type ThemeMode } from '../settings/theme.js';

const MODE_LABEL: Record<ThemeMode, string> = { system: 'Same as my device', light: 'Light', dark: 'Dark' };

/** Appearance, per user, remembered in this browser. */
export const SettingsPage = ({ me }: { me: Me }) => {
  const { settings, resolved, setSettings } = useTheme(me.user.id);
  return (
    <section>
      <h1>Settings</h1>
      <form className="card form" onSubmit={(e) => e.preventDefault()}>
        <h2>Appearance</h2>
        <fieldset className="actions">
          <legend>Theme</legend>
          {THEME_MODES.map((m) => (
            <label key={m} className={`pill ${settings.mode === m ? 'on' : ''}`}>
              <input type="radio" name="theme" value={m} checked={settings.mode === m} onChange={() => setSettings({ ...settings, mode: m })} />
              {MODE_LABEL[m]}
            </label>
          ))}
        </fieldset>
        <fieldset className="actions">
          <legend>Accent colour</legend>
          {(Object.keys(ACCENTS) as AccentName[]).map((a) => (
            <label key={a} className={`pill ${settings.accent === a ? 'on' : ''}`}>
              <input type="radio" name="accent" value={a} checked={settings.accent === a} onChange={() => setSettings({ ...settings, accent: a })} />
              <span className="swatch" style={{ background: ACCENTS[a][resolved] }} aria-hidden="true" />
              {ACCENTS[a].label}
            </label>
          ))}
        </fieldset>
        <p className="muted small">
          Now showing the {resolved} theme. Saved for {me.user.name} in this browser.
        </p>
      </form>
      <p className="card form">
        <span>
          DMs and emails about your own cases: <Link to="/me/notifications">notification settings</Link>.
        </span>
      </p>
    </section>
  );
};
