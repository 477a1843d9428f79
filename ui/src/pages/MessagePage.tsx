import { useState, type FormEvent } from 'react';
import { useChannels } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { ErrorNote, Loading } from '../components/bits.js';
import { CommandOutcome } from '../components/CommandOutcome.js';
import { useCommand } from '../components/useCommand.js';

type Guild = Me['guilds'][number];

type Channel = { id: string; name: string };

/** Deletes the newest messages of a channel (Discord's bulk delete: 1..100 at a time), after a confirmation. */
const PurgeForm = ({ guild, list }: { guild: Guild; list: readonly Channel[] }) => {
  const [channelId, setChannelId] = useState('');
  const [count, setCount] = useState('10');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const cmd = useCommand(guild.id, 'messaging');
  const chosen = channelId || list[0]?.id || '';
  const name = list.find((c) => c.id === chosen)?.name ?? chosen;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    await cmd.send('PurgeMessages', { channelId: chosen, count: Number(count), reason: reason.trim() || null });
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="purge-title">
      <h2 id="purge-title">Purge messages</h2>
      <label>
        Channel
        {list.length ? (
          <select name="purgeChannel" value={chosen} onChange={(e) => setChannelId(e.target.value)}>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                #{c.name}
              </option>
            ))}
          </select>
        ) : (
          <input name="purgeChannel" value={channelId} onChange={(e) => setChannelId(e.target.value)} placeholder="channel id" required />
        )}
      </label>
      <label>
        How many of the newest messages <span className="muted small">(1–100)</span>
        <input name="purgeCount" type="number" min={1} max={100} value={count} onChange={(e) => setCount(e.target.value)} required />
      </label>
      <label>
        Reason <span className="muted small">(optional, for the audit log)</span>
        <input name="purgeReason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={400} />
      </label>
      <p className="muted small">Only one member&apos;s messages: not offered yet (the purge command deletes the newest messages of the channel, whoever wrote them).</p>
      {confirming ? (
        <p role="alert" className="error">
          Delete the {count} newest messages of #{name}? This cannot be undone. Press “Yes, purge” to go on.
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className={confirming ? 'danger' : ''} disabled={cmd.state.phase === 'sending'}>
          {confirming ? 'Yes, purge' : 'Purge…'}
        </button>
        {confirming ? (
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        ) : null}
      </div>
      <CommandOutcome state={cmd.state} accepted="Purge queued; the activity feed shows how many Discord deleted." />
    </form>
  );
};

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

  const canPurge = guild.owner || guild.permissions.includes('ADMINISTRATOR') || guild.permissions.includes('MANAGE_MESSAGES');
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
      {canPurge ? <PurgeForm guild={guild} list={list} /> : null}
    </section>
  );
};
