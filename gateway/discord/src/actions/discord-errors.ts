import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { ActionFailure, TransientFailure } from './action-failure.js';
import type { ActionRequest } from './action-request.js';

/** Discord's JSON error codes the executor explains (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const DiscordCodes = {
  UNKNOWN_CHANNEL: 10003,
  UNKNOWN_GUILD: 10004,
  UNKNOWN_MEMBER: 10007,
  UNKNOWN_MESSAGE: 10008,
  UNKNOWN_ROLE: 10011,
  UNKNOWN_USER: 10013,
  UNKNOWN_BAN: 10026,
  MISSING_ACCESS: 50001,
  CANNOT_DM: 50007,
  MISSING_PERMISSIONS: 50013,
  BULK_DELETE_TOO_OLD: 50034,
  INVALID_FORM_BODY: 50035,
} as const;

export const discordCodeOf = (err: unknown): number | null =>
  err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : null;

export const isDiscordCode = (err: unknown, code: number): boolean => discordCodeOf(err) === code;

/** The Discord permission an action needs, named as in Discord's UI. */
export const permissionNameOf = (kind: ActionRequest['kind']): string => {
  switch (kind) {
    case 'ban':
    case 'unban':
      return 'Ban Members';
    case 'kick':
      return 'Kick Members';
    case 'timeout':
    case 'untimeout':
      return 'Timeout Members';
    case 'role-add':
    case 'role-remove':
      return 'Manage Roles';
    case 'delete-message':
    case 'purge':
      return 'Manage Messages';
    case 'send-message':
    case 'edit-message':
    case 'dm':
    case 'warn-dm':
      return 'Send Messages';
    default: {
      const unknown: never = kind;
      return unknown;
    }
  }
};

const who = (r: ActionRequest): string => ('userId' in r ? `user ${r.userId}` : 'the target');

/** A sentence for people, from Discord's code: what went wrong and what would fix it. */
export const humanReason = (r: ActionRequest, code: number | null, status: number | null, message: string): string => {
  switch (code) {
    case DiscordCodes.MISSING_PERMISSIONS:
      return `missing permission: the bot lacks ${permissionNameOf(r.kind)} here, or its role is not high enough`;
    case DiscordCodes.MISSING_ACCESS:
      return 'missing access: the bot cannot see that channel or server';
    case DiscordCodes.UNKNOWN_MEMBER:
      return `member gone: ${who(r)} is no longer in the server`;
    case DiscordCodes.UNKNOWN_USER:
      return `unknown user: Discord has no ${who(r)}`;
    case DiscordCodes.UNKNOWN_BAN:
      return `not banned: ${who(r)} is not banned`;
    case DiscordCodes.UNKNOWN_CHANNEL:
      return 'channel gone: the channel no longer exists';
    case DiscordCodes.UNKNOWN_MESSAGE:
      return 'message gone: the message no longer exists';
    case DiscordCodes.UNKNOWN_ROLE:
      return 'role gone: the role no longer exists';
    case DiscordCodes.UNKNOWN_GUILD:
      return 'server gone: the bot is no longer in this server';
    case DiscordCodes.CANNOT_DM:
      return `cannot DM ${who(r)}: they closed their DMs or share no server with the bot`;
    case DiscordCodes.BULK_DELETE_TOO_OLD:
      return 'messages too old: Discord only bulk-deletes messages under 14 days old';
    case DiscordCodes.INVALID_FORM_BODY:
      return `Discord rejected the request as invalid: ${message}`;
    default:
      return `Discord refused (HTTP ${status ?? '?'}${code ? `, code ${code}` : ''}): ${message}`;
  }
};

const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR|socket hang up|fetch failed|network|aborted|timeout/i;

/**
 * Permanent (a 4xx with Discord's code: retrying changes nothing) or transient (5xx, network,
 * timeouts; a 401 too: a rotated token is fixed by people, and the action should wait for them).
 */
export const classify = (r: ActionRequest, err: unknown): ActionFailure | TransientFailure => {
  if (err instanceof ActionFailure || err instanceof TransientFailure) return err;
  if (err instanceof DiscordAPIError) {
    if (err.status >= 500 || err.status === 401 || err.status === 408 || err.status === 429) {
      return new TransientFailure(err.status, `Discord ${err.status}: ${err.message}`, { cause: err });
    }
    const code = typeof err.code === 'number' ? err.code : null;
    return new ActionFailure(code, err.status, humanReason(r, code, err.status, err.message));
  }
  if (err instanceof HTTPError) return new TransientFailure(err.status, `Discord HTTP ${err.status}: ${err.message}`, { cause: err });
  if (err instanceof RateLimitError) return new TransientFailure(429, `rate limited for ${err.retryAfter} ms`, { cause: err });
  const text = err instanceof Error ? `${err.name} ${err.message} ${String((err as { code?: unknown }).code ?? '')} ${String((err.cause as Error | undefined)?.message ?? '')}` : String(err);
  if (NETWORK.test(text)) return new TransientFailure(null, `network: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  // Anything else is a bug of ours; retrying will not fix it, and the case must not wait forever.
  return new ActionFailure(null, null, `internal error while acting: ${err instanceof Error ? err.message : String(err)}`);
};
