import { diffGuildSettings, guildSettingsAsOf } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { instantParam } from '../api/query-params.js';
import { GuildParams, json } from '../api/schemas.js';
import type { AppDeps } from '../http/app-env.js';

const Sections = z.record(z.string(), z.unknown()).openapi({ description: 'One entry per settings section (access, retention, and each context that registers one)' });
const GuildSettings = z.object({ guildId: z.string(), at: z.string(), sections: Sections }).openapi('GuildSettings');
const SettingsChange = z
  .object({ section: z.string(), path: z.string(), kind: z.enum(['added', 'removed', 'changed']), before: z.unknown(), after: z.unknown() })
  .openapi('SettingsChange');
const SettingsDiff = z.object({ guildId: z.string(), from: z.string(), to: z.string(), changes: z.array(SettingsChange) }).openapi('GuildSettingsDiff');

/** Settings history: the guild's configuration as of any moment, and what changed between two, replayed from the event store (like a case as of a moment). */
export const settingsHistoryArea = (deps: AppDeps) => {
  const app = newApiApp();
  // Grants and tokens are admin matters (as on the access page).
  const admin = guildRule('admin', null);

  app.openapi(
    apiRoute(deps, {
      operationId: 'getGuildSettingsAsOf', method: 'get', path: '/guilds/{guildId}/settings/as-of', tags: ['access'], summary: "The guild's configuration as it stood at a moment (default now)", access: admin,
      request: { params: GuildParams, query: z.object({ at: instantParam.optional() }).strict() },
      responses: { 200: json(GuildSettings, 'The configuration at that moment') },
    }),
    async (c) => {
      const { at } = c.req.valid('query');
      return c.json(await guildSettingsAsOf(deps.store, { guildId: c.var.guild.id, ...(at === undefined ? {} : { at }) }), 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'diffGuildSettings', method: 'get', path: '/guilds/{guildId}/settings/diff', tags: ['access'], summary: "What changed in the guild's configuration between two moments", access: admin,
      request: { params: GuildParams, query: z.object({ from: instantParam, to: instantParam }).strict() },
      responses: { 200: json(SettingsDiff, 'The changes, by section and path') },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await diffGuildSettings(deps.store, { guildId: c.var.guild.id, from, to }), 200);
    },
  );

  return app;
};
