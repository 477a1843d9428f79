import { formatPosition } from '@guildhall/music';
import { useEffect, useState, type DragEvent, type FormEvent } from 'react';
import {

  useLibrarySearch,
  useMusicControl,
  useMusicHistory,
  useMusicSession,
  usePlaylists,
  useSavePlaylist,
  useUploadTrack,
  type MusicAction,
  type MusicSessionView,
} from '../api/music.js';
import { positionAt } from '../api/music-keys.js';
import type { Me } from '../api/types.js';
import { Empty, ErrorNote, Loading, Time } from '../components/bits.js';

type Guild = Me['guilds'][number];

/** A clock that ticks while something plays, so the progress bar moves without asking the server. */
const useNow = (running: boolean): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [running]);
  return now;
};

const NowPlaying = ({ s, act }: { s: MusicSessionView; act: (a: MusicAction) => void }) => {
  const current = s.nowPlaying;
  const now = useNow(Boolean(current && s.position.startedAt && !s.position.paused));
  if (!s.active || !current) return <Empty>Nothing is playing. Join a voice channel in Discord and use /play, then control it here.</Empty>;
  const length = current.track.durationMs;
  const at = positionAt(s.position, length, now);
  const seek = (e: React.MouseEvent<HTMLDivElement>) => {
    if (length === null) return;
    const r = e.currentTarget.getBoundingClientRect();
    act({ action: 'seek', positionMs: Math.floor(((e.clientX - r.left) / r.width) * length * 0.999) });
  };
  return (
    <div className="card now-playing" aria-live="polite">
      <h2>
        {s.position.paused ? 'Paused:' : '▶'} {current.track.title}
        {current.track.artist ? <span className="muted"> — {current.track.artist}</span> : null}
      </h2>
      <p className="muted">
        queued by {current.queuedBy.name} {current.source === 'web' ? 'from the dashboard' : current.source === 'slash-command' ? 'with /play' : `via ${current.source}`} · <Time at={current.queuedAt} />
      </p>
      <div className="progress" role="progressbar" aria-label="position" aria-valuemin={0} aria-valuemax={length ?? 0} aria-valuenow={at} onClick={seek} title={length === null ? undefined : 'Click to seek'}>
        <div className="progress-bar" style={{ width: length ? `${(100 * at) / length}%` : '0%' }} />
      </div>
      <p className="muted">
        {formatPosition(at)} {length !== null ? `/ ${formatPosition(length)}` : ''} {s.position.startedAt === null && !s.position.paused ? '· starting…' : ''}
      </p>
      <div className="controls">
        <button type="button" onClick={() => act({ action: 'previous' })} aria-label="Previous">Previous</button>
        {s.position.paused ? (
          <button type="button" className="primary" onClick={() => act({ action: 'resume' })} aria-label="Resume">Resume</button>
        ) : (
          <button type="button" className="primary" onClick={() => act({ action: 'pause' })} aria-label="Pause">Pause</button>
        )}
        <button type="button" onClick={() => act({ action: 'skip', entryId: current.entryId })} aria-label="Skip">Skip</button>
        <button type="button" onClick={() => act({ action: 'stop' })} aria-label="Stop">Stop</button>
        <label>
          Volume {s.volume} %
          <input type="range" min={0} max={200} step={5} defaultValue={s.volume} key={s.volume} onMouseUp={(e) => act({ action: 'volume', volume: Number(e.currentTarget.value) })} onKeyUp={(e) => act({ action: 'volume', volume: Number(e.currentTarget.value) })} />
        </label>
        <label>
          Loop
          <select value={s.loop} onChange={(e) => act({ action: 'loop', mode: e.target.value as 'off' | 'track' | 'queue' })}>
            <option value="off">off</option>
            <option value="track">track</option>
            <option value="queue">queue</option>
          </select>
        </label>
      </div>
    </div>
  );
};

const Queue = ({ s, act }: { s: MusicSessionView; act: (a: MusicAction) => void }) => {
  const [dragging, setDragging] = useState<string | null>(null);
  const drop = (e: DragEvent, to: number) => {
    e.preventDefault();
    if (dragging) act({ action: 'move', entryId: dragging, to });
    setDragging(null);
  };
  return (
    <div className="card">
      <h2>Queue ({s.queue.length})</h2>
      <div className="controls">
        <button type="button" onClick={() => act({ action: 'shuffle' })} disabled={s.queue.length < 2}>Shuffle</button>
        <button type="button" onClick={() => act({ action: 'clear' })} disabled={s.queue.length === 0}>Clear</button>
        <button type="button" onClick={() => act({ action: 'undo' })} disabled={!s.undo} title={s.undo ? `Undo: ${s.undo.by} ${s.undo.summary}` : 'Nothing to undo'}>
          ↶ Undo{s.undo ? `: ${s.undo.summary}` : ''}
        </button>
      </div>
      {s.queue.length === 0 ? (
        <Empty>Nothing after this one. Search the library below to add tracks.</Empty>
      ) : (
        <ol className="queue">
          {s.queue.map((q, i) => (
            <li key={q.entryId} draggable onDragStart={() => setDragging(q.entryId)} onDragOver={(e) => e.preventDefault()} onDrop={(e) => drop(e, i + 1)} className={dragging === q.entryId ? 'dragging' : ''}>
              <span className="drag" aria-hidden="true">⠿</span> {q.track.title}
              {q.track.durationMs !== null ? <span className="muted"> ({formatPosition(q.track.durationMs)})</span> : null}
              <span className="muted"> — {q.queuedBy.name}</span>
              <span className="spacer" />
              <button type="button" className="link" onClick={() => act({ action: 'move', entryId: q.entryId, to: i })} disabled={i === 0} aria-label={`Move ${q.track.title} up`}>↑</button>
              <button type="button" className="link" onClick={() => act({ action: 'move', entryId: q.entryId, to: i + 2 })} disabled={i === s.queue.length - 1} aria-label={`Move ${q.track.title} down`}>↓</button>
              <button type="button" className="link" onClick={() => act({ action: 'remove', entryId: q.entryId })} aria-label={`Remove ${q.track.title}`}>✕</button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
};

const Library = ({ guildId, act }: { guildId: string; act: (a: MusicAction) => void }) => {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [url, setUrl] = useState('');
  const results = useLibrarySearch(guildId, query);
  const upload = useUploadTrack(guildId);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery(text.trim());
  };
  return (
    <div className="card">
      <h2>Library</h2>
      <form className="inline" onSubmit={search}>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="title or artist" aria-label="Search the library" maxLength={200} />
        <button type="submit">Search</button>
      </form>
      {results.isPending ? <Loading /> : <ErrorNote error={results.error} />}
      <ul className="tracks">
        {(results.data?.tracks ?? []).map((t) => (
          <li key={t.id}>
            {t.title}
            {t.artist ? <span className="muted"> — {t.artist}</span> : null} <span className="muted">({formatPosition(t.durationMs)}{t.origin === 'upload' ? ', uploaded' : ''})</span>
            <span className="spacer" />
            <button type="button" onClick={() => act({ action: 'queue', trackId: t.id })}>Add</button>
            <button type="button" className="link" onClick={() => act({ action: 'queue', trackId: t.id, placement: 'next' })}>Play next</button>
          </li>
        ))}
      </ul>
      {results.data && results.data.tracks.length === 0 ? <Empty>No track matches “{query}”.</Empty> : null}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) act({ action: 'queueUrl', url: url.trim() });
          setUrl('');
        }}
      >
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://… an audio file" aria-label="Audio URL" type="url" />
        <button type="submit">Add URL</button>
      </form>
      <label>
        Upload a file (Ogg, WAV, FLAC, MP3)
        <input type="file" accept="audio/*,.ogg,.opus,.wav,.flac,.mp3" onChange={(e) => { const f = e.target.files?.[0]; if (f) upload.mutate(f); e.target.value = ''; }} />
      </label>
      {upload.isPending ? <p className="muted">Uploading…</p> : null}
      {upload.isSuccess ? <p className="ok">Uploaded: it is in the library now.</p> : null}
      <ErrorNote error={upload.error} />
    </div>
  );
};

const History = ({ guildId }: { guildId: string }) => {
  const h = useMusicHistory(guildId);
  if (h.isPending) return <Loading />;
  return (
    <div className="card">
      <h2>History</h2>
      <ErrorNote error={h.error} />
      <ul className="history">
        {(h.data?.items ?? []).map((l) => (
          <li key={`${l.position}-${l.eventId}`}>
            {l.attributed ? <strong>{l.actor.name} </strong> : null}
            {l.text}
            {l.attributed && l.source === 'web' ? <span className="muted"> (dashboard)</span> : null}, <Time at={l.occurredAt} />
          </li>
        ))}
      </ul>
    </div>
  );
};

const Playlists = ({ guildId, act }: { guildId: string; act: (a: MusicAction) => void }) => {
  const list = usePlaylists(guildId);
  const save = useSavePlaylist(guildId);
  const [name, setName] = useState('');
  return (
    <div className="card">
      <h2>Playlists</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate(name.trim(), { onSuccess: () => setName('') });
        }}
      >
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="name" aria-label="Playlist name" maxLength={100} />
        <button type="submit" disabled={save.isPending}>Save the queue</button>
      </form>
      <ErrorNote error={save.error ?? list.error} />
      <ul>
        {(list.data?.playlists ?? []).map((p) => (
          <li key={p.name}>
            {p.name} <span className="muted">({p.trackCount} tracks{p.totalMs !== null ? `, ${formatPosition(p.totalMs)}` : ''}; {p.savedBy.name})</span>
            <span className="spacer" />
            <button type="button" onClick={() => act({ action: 'loadPlaylist', name: p.name })}>Load</button>
            <button type="button" className="link" onClick={() => act({ action: 'deletePlaylist', name: p.name })} aria-label={`Delete ${p.name}`}>✕</button>
          </li>
        ))}
      </ul>
    </div>
  );
};

/** The guild's music rules, for managers (the music context refuses anyone else: RULES_FORBIDDEN). */
const Rules = ({ s, act }: { s: MusicSessionView; act: (a: MusicAction) => void }) => {
  const r = s.rules;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const dj = String(f.get('dj') ?? '').trim();
    const minutes = Number(f.get('maxMinutes'));
    act({
      action: 'rules',
      rules: {
        djRoleId: dj === '' ? null : dj,
        voteSkipShare: Number(f.get('share')) / 100,
        maxQueueLength: Number(f.get('maxQueue')),
        maxTrackDurationMs: minutes > 0 ? minutes * 60_000 : null,
        webControlLevel: f.get('web') as 'member' | 'moderator' | 'manager',
      },
    });
  };
  return (
    <details className="card">
      <summary>Rules</summary>
      <form className="form" onSubmit={submit} key={JSON.stringify(r)}>
        <label>DJ role id (empty: everyone is a DJ)<input name="dj" defaultValue={r.djRoleId ?? ''} pattern="\d{1,20}" /></label>
        <label>Vote-skip share of listeners (%)<input name="share" type="number" min={1} max={100} defaultValue={Math.round(r.voteSkipShare * 100)} /></label>
        <label>Longest queue<input name="maxQueue" type="number" min={1} max={1000} defaultValue={r.maxQueueLength} /></label>
        <label>Longest track (minutes, 0: no limit)<input name="maxMinutes" type="number" min={0} max={1440} defaultValue={r.maxTrackDurationMs === null ? 0 : Math.round(r.maxTrackDurationMs / 60_000)} /></label>
        <label>
          Who may control from the web
          <select name="web" defaultValue={r.webControlLevel}>
            <option value="moderator">moderators and managers</option>
            <option value="manager">managers only</option>
          </select>
        </label>
        <button type="submit">Save rules</button>
      </form>
    </details>
  );
};

/** The web remote: live over SSE (`rm.<guild>.music_*`), every action attributed to you in the history. */
export const MusicPage = ({ guild }: { guild: Guild }) => {
  const session = useMusicSession(guild.id);
  const control = useMusicControl(guild.id);
  const act = (a: MusicAction) => control.mutate(a);
  return (
    <section className="music">
      <h1>Music</h1>
      <ErrorNote error={control.error} />
      {session.isPending ? <Loading /> : session.data ? <NowPlaying s={session.data} act={act} /> : <ErrorNote error={session.error} />}
      {session.data?.active ? <Queue s={session.data} act={act} /> : null}
      <Library guildId={guild.id} act={act} />
      <Playlists guildId={guild.id} act={act} />
      <History guildId={guild.id} />
      {session.data && (guild.owner || guild.permissions.includes('MANAGE_GUILD') || guild.permissions.includes('ADMINISTRATOR')) ? <Rules s={session.data} act={act} /> : null}
    </section>
  );
};
