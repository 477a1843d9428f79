import { guildRule } from '../api/access-rule.js';
import { apiRoute, ErrorSchema, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json } from '../api/schemas.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { checkReportLink } from '../commands/report-link.js';
import { CASE_OPENING, webCommands } from '../commands/web-commands.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { authorize } from '../middleware/authorize.js';

const Ids = { commandId: z.string(), correlationId: z.string() };
const Accepted = z.object({ ...Ids, status: z.literal('accepted'), result: z.record(z.string(), z.unknown()), caseNumber: z.number().int().nullable() }).openapi('CommandAccepted');
const Pending = z.object({ ...Ids, status: z.literal('pending'), result: z.record(z.string(), z.unknown()) }).openapi('CommandPending');
const AwaitingApproval = z
  .object({ ...Ids, status: z.literal('awaiting-approval'), approvalId: z.string(), result: z.record(z.string(), z.unknown()) })
  .openapi('CommandAwaitingApproval');
const Rejected = z.object({ ...Ids, status: z.enum(['rejected', 'failed']), error: ErrorSchema.shape.error }).openapi('CommandRejected');

/**
 * Commands: one documented route per public command of each context,
 * `POST /guilds/{guildId}/commands/<context>/<type>`, its body the context's own zod schema.
 */
export const commandsArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });

  app.openapi(
    apiRoute(deps, { operationId: 'listCommands', method: 'get', path: '/commands', tags: ['commands'], summary: 'The commands the dashboard and the API may send', access: { kind: 'signed-in', tokens: true }, responses: { 200: json(z.object({ commands: z.array(z.object({ context: z.string(), type: z.string(), level: z.string(), scope: z.string() })) }), 'The commands') } }),
    (c) => c.json({ commands: webCommands.map((w) => ({ context: w.context, type: w.type, level: w.level, scope: w.scope })) }, 200),
  );

  for (const w of webCommands) {
    app.openapi(
      apiRoute(deps, {
        operationId: `${w.context}${w.type}`,
        method: 'post',
        path: `/guilds/{guildId}/commands/${w.context}/${w.type}`,
        tags: ['commands'],
        summary: `${w.context}: ${w.type}`,
        description: 'Sent on the bus as the caller; answered with the decision when it comes within the wait. An `Idempotency-Key` header makes a resubmission the same command.',
        access: guildRule(w.level, w.scope),
        request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: w.schema as z.ZodType<unknown> } } } },
        responses: {
          200: json(Accepted, 'Accepted'),
          202: json(z.union([Pending, AwaitingApproval]), 'Still deciding (the command will complete), or held by four-eyes until a second moderator approves it (see approveRequest)'),
          404: json(Rejected, 'The report named by `reportId` does not exist (REPORT_NOT_FOUND)'),
          409: json(Rejected, 'Refused by the state (ALREADY_BANNED, NOT_BANNED, ACTION_PENDING, REPORT_ALREADY_RESOLVED, REPORT_TARGET_MISMATCH, ...)'),
          422: json(Rejected, 'Refused by another rule'),
          502: json(Rejected, 'The handler kept failing (COMMAND_FAILED)'),
        },
      }),
      async (c) => {
        const payload: unknown = await c.req.json();
        if (w.context === 'moderation') await checkReportLink(deps, c.var.guild.id, payload);
        return commandAnswer(c, await sendCommand(c, deps, { context: w.context, type: w.type, payload, opensCase: CASE_OPENING.has(w.type) }));
      },
    );
  }

  // Anything else under /commands is not a command the web may send (after the same check as any command).
  app.post('/guilds/:guildId/commands/:context/:type', authorize(guildRule('moderator', 'cases:write'), deps), (c) => {
    throw new ApiError(404, 'UNKNOWN_COMMAND', `${c.req.param('context')}/${c.req.param('type')} is not a command the dashboard may send`, 'type');
  });

  return app;
};

