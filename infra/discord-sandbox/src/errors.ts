/**
 * Discord's JSON error shape ({ code, message, errors? }) with its HTTP status, and the
 * codes the sandbox returns. One class so REST, OAuth2 and the control API answer alike.
 */
export type ErrorTree = { _errors: { code: string; message: string }[] } | { [key: string]: ErrorTree };

export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: ErrorTree,
  ) {
    super(message);
    this.name = 'DiscordError';
  }

  toJSON(): { code: number; message: string; errors?: ErrorTree } {
    return this.errors ? { code: this.code, message: this.message, errors: this.errors } : { code: this.code, message: this.message };
  }
}

const e = (status: number, code: number, message: string) => () => new DiscordError(status, code, message);

export const Errors = {
  unauthorized: e(401, 0, '401: Unauthorized'),
  notFound: e(404, 0, '404: Not Found'),
  methodNotAllowed: e(405, 0, '405: Method Not Allowed'),
  unknownApplication: e(404, 10002, 'Unknown Application'),
  unknownChannel: e(404, 10003, 'Unknown Channel'),
  unknownGuild: e(404, 10004, 'Unknown Guild'),
  unknownMember: e(404, 10007, 'Unknown Member'),
  unknownMessage: e(404, 10008, 'Unknown Message'),
  unknownRole: e(404, 10011, 'Unknown Role'),
  unknownUser: e(404, 10013, 'Unknown User'),
  unknownWebhook: e(404, 10015, 'Unknown Webhook'),
  unknownBan: e(404, 10026, 'Unknown Ban'),
  unknownInteraction: e(404, 10062, 'Unknown interaction'),
  unknownCommand: e(404, 10063, 'Unknown application command'),
  botsCannotUse: e(403, 20001, 'Bots cannot use this endpoint'),
  alreadyAcknowledged: e(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: e(403, 50001, 'Missing Access'),
  cannotSendEmpty: e(400, 50006, 'Cannot send an empty message'),
  cannotDmUser: e(403, 50007, 'Cannot send messages to this user'),
  cannotEditOthers: e(403, 50005, 'Cannot edit a message authored by another user'),
  missingPermissions: e(403, 50013, 'Missing Permissions'),
  invalidOAuthState: e(400, 50025, 'Invalid OAuth2 access token'),
  bulkDeleteRange: e(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  invalidJson: e(400, 50109, 'The request body contains invalid JSON.'),
} as const;

/** Discord's 50035 "Invalid Form Body" with one error at `path`. */
export const invalidFormBody = (path: readonly (string | number)[], code: string, message: string): DiscordError => {
  let tree: ErrorTree = { _errors: [{ code, message }] };
  for (let i = path.length - 1; i >= 0; i--) tree = { [String(path[i])]: tree };
  return new DiscordError(400, 50035, 'Invalid Form Body', tree);
};
