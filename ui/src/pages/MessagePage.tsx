import { useState, type FormEvent } from 'react';
import { useChannels } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { ErrorNote, Loading } from '../components/bits.js';
import { CommandOutcome } from '../components/CommandOutcome.js';
import { canPurge, PurgeDialog } from '../components/PurgeDialog.js';
import { useCommand } from '../components/useCommand.js';

type Guild = Me['guilds'][number];

/** The bot posts a message; the activity feed shows it once Discord has it (or why it did not). */
export const MessagePage = ({ guild }: { guild: Guild }) => {
  const channels = useChannels(guild.id);
  const [channelId, setChannelId] = useState('');
  const [content, setContent] = useState('');
  const [everyone, setEveryone] = useState(false);
  const cmd = useCommand(guild.id, 'messaging');
  const list = channels.data?.channels ?? [];
  const chosen = channelId || list[0]?.id || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await cmd.send('SendMessage', { channelId: chosen, content, allowedMentions: { everyone, roles: false, users: true } });
    if (r?.status === 'accepted') setContent('');
  };

  return (
    <section>
      <h1>Messages</h1>
      {channels.isPending ? <Loading what="channels" /> : null}
      <h2>Send a message as the bot</h2>
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <label>
          Channel
          {list.length ? (
            <select value={chosen} onChange={(e) => setChannelId(e.target.value)}>
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  #{c.name}
                </option>
              ))}
            </select>
          ) : (
            <input value={channelId} onChange={(e) => setChannelId(e.target.value)} placeholder="channel id (no channel list yet)" />
          )}
        </label>
        <ErrorNote error={channels.error} />
        <label>
          Message
          <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={4} maxLength={2000} required />
        </label>
        <label className="check">
          <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} /> allow @everyone / @here to ping
        </label>
        <button type="submit" className="primary" disabled={cmd.state.phase === 'sending'}>
          Send
        </button>
        <CommandOutcome state={cmd.state} accepted="Queued for Discord; the activity feed shows it once it is posted." />
      </form>
      {canPurge(guild) ? (
        <section className="card" aria-labelledby="purge-section">
          <h2 id="purge-section">Purge messages</h2>
          <p className="muted small">Deletes a channel&apos;s newest messages (up to 100), or only one member&apos;s, after a confirmation; the outcome shows here as Discord answers.</p>
          <PurgeDialog guild={guild} />
        </section>
      ) : null}
    </section>
  );
};
