import type { ActionContext } from './action-context.js';
import type { ActionRequest, ActionResult } from './action-request.js';
import { ban } from './ban.js';
import { deleteMessage } from './delete-message.js';
import { sendDm } from './dm.js';
import { editMessage } from './edit-message.js';
import { kick } from './kick.js';
import { purge } from './purge.js';
import { changeRole } from './role.js';
import { sendMessage } from './send-message.js';
import { timeout } from './timeout.js';
import { unban } from './unban.js';
import { untimeout } from './untimeout.js';

/** One attempt at the action: the REST calls of its kind. */
export const runAction = (ctx: ActionContext, r: ActionRequest): Promise<ActionResult> => {
  switch (r.kind) {
    case 'ban':
      return ban(ctx, r);
    case 'unban':
      return unban(ctx, r);
    case 'kick':
      return kick(ctx, r);
    case 'timeout':
      return timeout(ctx, r);
    case 'untimeout':
      return untimeout(ctx, r);
    case 'role-add':
    case 'role-remove':
      return changeRole(ctx, r);
    case 'send-message':
      return sendMessage(ctx, r);
    case 'edit-message':
      return editMessage(ctx, r);
    case 'delete-message':
      return deleteMessage(ctx, r);
    case 'dm':
    case 'warn-dm':
      return sendDm(ctx, r);
    case 'purge':
      return purge(ctx, r);
    default: {
      const unknown: never = r;
      return unknown;
    }
  }
};
