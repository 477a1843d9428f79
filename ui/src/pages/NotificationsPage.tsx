import { EmailPreferenceSection } from '../components/EmailPreferenceSection.js';

/** `/me/notifications`: how Guildhall tells the signed-in member about their cases. */
export const NotificationsPage = ({ search }: { search: URLSearchParams }) => (
  <section>
    <h1>Notifications</h1>
    <p>
      When a guild that uses Guildhall sanctions you, or decides your appeal, the bot tells you in a direct message on Discord. You can also get an email.
    </p>
    <EmailPreferenceSection discordAnswer={{ error: search.get('error'), used: search.get('email') === 'discord' }} />
  </section>
);
