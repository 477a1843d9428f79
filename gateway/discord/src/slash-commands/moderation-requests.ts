import { MAX_TEMP_BAN_SECONDS, MAX_TIMEOUT_SECONDS, moderationCatalogue as C } from '@guildhall/moderation';
import { formatDuration, parseDuration } from './duration.js';

export type TargetUser = Readonly<{ id: string; name: string }>;

/** What a sanction slash command asks moderation for: the command type and its payload. */
export type ModerationRequestInput = Readonly<{
  type: 'WarnMember' | 'AddMemberNote' | 'TimeoutMember' | 'RemoveMemberTimeout' | 'KickMember' | 'BanMember' | 'UnbanMember';
  verb: string;
  payload: Record<string, unknown>;
}>;

export type SanctionOptions = Readonly<{
  target: TargetUser;
  reason: string | null;
  text: string | null;
  duration: string | null;
  deleteMessageSeconds: number | null;
}>;

/** Builds the moderation command for a slash command, or says (for the invoker) what is wrong. */
export const moderationRequest = (command: string, o: SanctionOptions): ModerationRequestInput | { error: string } => {
  const target = { id: o.target.id, name: o.target.name.slice(0, 100) };
  const base = { target, reason: o.reason };
  switch (command) {
    case 'warn':
      return { type: 'WarnMember', verb: C.WarnMember.verb, payload: base };
    case 'note':
      if (!o.text?.trim()) return { error: 'A note needs some text.' };
      return { type: 'AddMemberNote', verb: C.AddMemberNote.verb, payload: { target, reason: o.text } };
    case 'timeout': {
      const seconds = o.duration === null ? null : parseDuration(o.duration);
      if (seconds === null) return { error: `"${o.duration ?? ''}" is not a duration: use 10m, 2h, 1d or 1w.` };
      if (seconds > MAX_TIMEOUT_SECONDS) return { error: `Discord allows timeouts of at most ${formatDuration(MAX_TIMEOUT_SECONDS)}.` };
      return { type: 'TimeoutMember', verb: `${C.TimeoutMember.verb} for ${formatDuration(seconds)}`, payload: { ...base, durationSeconds: seconds } };
    }
    case 'untimeout':
      return { type: 'RemoveMemberTimeout', verb: C.RemoveMemberTimeout.verb, payload: base };
    case 'kick':
      return { type: 'KickMember', verb: C.KickMember.verb, payload: base };
    case 'ban': {
      let durationSeconds: number | null = null;
      if (o.duration !== null && o.duration.trim() !== '') {
        durationSeconds = parseDuration(o.duration);
        if (durationSeconds === null) return { error: `"${o.duration}" is not a duration: use 1h, 7d or 4w (empty for permanent).` };
        if (durationSeconds < 60 || durationSeconds > MAX_TEMP_BAN_SECONDS) {
          return { error: `A temporary ban lasts between 1 minute and ${formatDuration(MAX_TEMP_BAN_SECONDS)}; leave the duration empty for a permanent ban.` };
        }
      }
      const verb = durationSeconds === null ? C.BanMember.verb : `${C.BanMember.verb} for ${formatDuration(durationSeconds)}`;
      return { type: 'BanMember', verb, payload: { ...base, durationSeconds, deleteMessageSeconds: o.deleteMessageSeconds ?? 0 } };
    }
    case 'unban':
      return { type: 'UnbanMember', verb: C.UnbanMember.verb, payload: base };
    default:
      return { error: `/${command} is not a moderation command.` };
  }
};
