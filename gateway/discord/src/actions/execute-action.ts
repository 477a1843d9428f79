import type { ActionContext } from './action-context.js';
import { ActionFailure, TransientFailure } from './action-failure.js';
import type { ActionRequest, ActionResult } from './action-request.js';
import { classify, DiscordCodes } from './discord-errors.js';
import { diagnosePermission } from './diagnose-permission.js';
import { runAction } from './run-action.js';

export type ActionOutcome =
  | Readonly<{ status: 'succeeded'; result: ActionResult; attempts: number }>
  | Readonly<{ status: 'failed'; failure: ActionFailure; attempts: number }>;

export type RetryPolicy = Readonly<{
  /** Transient failures are retried until this instant (ms), then the action fails. */
  giveUpAt: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Resolves when the executor stops: a retry wait ends early and the action is left for redelivery. */
  stopped: Promise<void>;
  onRetry?: (attempt: number, error: TransientFailure, delayMs: number) => void;
}>;

/** The executor is stopping; the message is not acknowledged so it is delivered again. */
export class ExecutorStopping extends Error {
  override readonly name = 'ExecutorStopping';
}

const wait = (ms: number, stopped: Promise<void>): Promise<boolean> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve(true), ms);
    void stopped.then(() => {
      clearTimeout(t);
      resolve(false);
    });
  });

/**
 * Carries out an action: retries 5xx and network errors with exponential backoff (discord.js
 * already waits out 429s), turns Discord's refusals into a failure with a human reason (50013
 * diagnosed as a missing permission or a role too high), and gives up on transient errors only
 * past the deadline.
 */
export const executeAction = async (ctx: ActionContext, r: ActionRequest, policy: RetryPolicy): Promise<ActionOutcome> => {
  const max = policy.maxDelayMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return { status: 'succeeded', result: await runAction(ctx, r), attempts: attempt };
    } catch (err) {
      const c = classify(r, err);
      if (c instanceof ActionFailure) {
        if (c.discordErrorCode === DiscordCodes.MISSING_PERMISSIONS) {
          const diagnosed = await diagnosePermission(ctx.rest, r, await ctx.botUserId().catch(() => ''));
          if (diagnosed) return { status: 'failed', failure: new ActionFailure(c.discordErrorCode, c.httpStatus, diagnosed), attempts: attempt };
        }
        return { status: 'failed', failure: c, attempts: attempt };
      }
      const delay = Math.min(max, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 16)) * (0.75 + Math.random() * 0.5);
      if (Date.now() + delay > policy.giveUpAt) {
        const reason = `Discord unavailable: ${c.message}; gave up after ${attempt} attempts`;
        return { status: 'failed', failure: new ActionFailure(null, c.httpStatus, reason), attempts: attempt };
      }
      policy.onRetry?.(attempt, c, delay);
      if (!(await wait(delay, policy.stopped))) throw new ExecutorStopping('stopping during a retry wait');
    }
  }
};
