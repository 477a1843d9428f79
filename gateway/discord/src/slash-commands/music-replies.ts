import type { CommandResult } from '@guildhall/eventing';
import { describeMusicEvent, formatPosition, offsetAt, type MusicSessionEvent, type MusicSessionState, type TrackRef } from '@guildhall/music';

const t = (track: TrackRef): string => `**${track.title}**${track.artist ? ` by ${track.artist}` : ''}`;
const length = (track: TrackRef): string => (track.durationMs === null ? '' : ` (${formatPosition(track.durationMs)})`);

/** The answer to a music command: what it did, in the history's words, or why not. */
export const musicCommandReply = (result: CommandResult, events: readonly MusicSessionEvent[], state: MusicSessionState | null, commandId: string): string => {
  switch (result.status) {
    case 'rejected':
      return `❌ ${result.message.charAt(0).toUpperCase()}${result.message.slice(1)}.`;
    case 'failed':
      return `❌ Guildhall could not process the request (${result.reason}). Nothing was changed; try again.`;
    case 'pending':
      return `⏳ Request received; Guildhall is still processing it (request \`${commandId}\`).`;
    case 'accepted':
      break;
  }
  if (events.length === 0) return '✅ Nothing to change.';
  const lines = events.map(describeMusicEvent).filter((l) => l !== null && l.attributed).map((l) => l!.text);
  const queued = events.find((e) => e.type === 'TrackQueued');
  if (queued?.type === 'TrackQueued' && state) {
    const id = queued.data.entry.entryId;
    if (state.current?.entryId === id) return `▶️ Playing ${t(queued.data.entry.track)}${length(queued.data.entry.track)} in <#${state.channelId}>.`;
    const at = state.queue.findIndex((q) => q.entryId === id);
    return `✅ Queued ${t(queued.data.entry.track)}${length(queued.data.entry.track)}${at >= 0 ? ` at position ${at + 1}` : ''}.`;
  }
  const text = lines.join('; ');
  return `✅ ${text.charAt(0).toUpperCase()}${text.slice(1)}.`.slice(0, 1900);
};

/** /nowplaying: the track, where it is (at `now`), who queued it, what is next. */
export const nowPlayingReply = (s: MusicSessionState, now: string): string => {
  if (!s.active || !s.current) return '⏹️ Nothing is playing. `/play` something!';
  const c = s.current;
  const at = offsetAt(s.playback, now, c.track.durationMs);
  const state = s.playback.status === 'paused' ? '⏸️ Paused' : s.playback.status === 'starting' ? '🎵 Loading' : '▶️ Playing';
  const lines = [
    `${state} ${t(c.track)} — ${formatPosition(at)}${c.track.durationMs === null ? '' : ` / ${formatPosition(c.track.durationMs)}`}`,
    `Queued by ${c.queuedBy.name}${c.source === 'web' ? ' (from the dashboard)' : ''} · volume ${s.volume} % · loop ${s.loop}`,
  ];
  if (s.queue[0]) lines.push(`Next: ${t(s.queue[0].track)}`);
  return lines.join('\n');
};

/** /queue: now playing and the next tracks with their positions (as /remove and /move count them). */
export const queueReply = (s: MusicSessionState, max = 15): string => {
  if (!s.active || (!s.current && s.queue.length === 0)) return '📭 The queue is empty. `/play` something!';
  const lines = [s.current ? `Now: ${t(s.current.track)} — queued by ${s.current.queuedBy.name}` : 'Now: —'];
  s.queue.slice(0, max).forEach((q, i) => lines.push(`${i + 1}. ${t(q.track)}${length(q.track)} — ${q.queuedBy.name}`));
  if (s.queue.length > max) lines.push(`…and ${s.queue.length - max} more`);
  if (s.queue.length === 0) lines.push('Nothing after this one.');
  return lines.join('\n').slice(0, 1900);
};
