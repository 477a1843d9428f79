import { LoopModeSchema, musicCommandCatalogue, MusicRulesSchema, PLAYLIST_NAME, type AccessLevel, type MusicCommandType, type TrackRef } from '@guildhall/music';
import { getLibraryTrack, getMusicSession, listMusicHistory, listPlaylists, searchLibrary } from '@guildhall/projections';
import { createHash, randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Level } from '@guildhall/access';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json, loose } from '../api/schemas.js';
import { rejectedBody } from '../commands/send-command.js';
import { webCommandEnvelope } from '../commands/send-command.js';
import { ApiError, invalidInput, rejectionStatus } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { intParam, snowflakeParam, textParam } from '../api/query-params.js';
import { sniffAudio } from '../music/audio-sniff.js';
import { loadMusicHttpSettings, type MusicHttpSettings } from '../music/music-settings.js';

const EntryId = z.string().min(1).max(200);

/** `POST /control` bodies (operationId `controlMusic`): one action each; the server adds who asks (never the client). */
export const MusicControlSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('queue'), trackId: z.string().min(1).max(200), placement: z.enum(['end', 'next']).default('end'), channelId: snowflakeParam.nullable().default(null) }),
  z.object({
    action: z.literal('queueUrl'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
    title: z.string().trim().min(1).max(200).optional(),
    placement: z.enum(['end', 'next']).default('end'),
    channelId: snowflakeParam.nullable().default(null),
  }),
  z.object({ action: z.literal('skip'), entryId: EntryId.nullable().default(null) }),
  z.object({ action: z.literal('previous') }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('stop') }),
  z.object({ action: z.literal('seek'), positionMs: z.number().int().min(0).max(24 * 3600_000) }),
  z.object({ action: z.literal('volume'), volume: z.number().int().min(0).max(200) }),
  z.object({ action: z.literal('loop'), mode: LoopModeSchema }),
  z.object({ action: z.literal('shuffle') }),
  z.object({ action: z.literal('remove'), entryId: EntryId }),
  z.object({ action: z.literal('move'), entryId: EntryId, to: z.number().int().min(1).max(1000) }),
  z.object({ action: z.literal('clear') }),
  z.object({ action: z.literal('undo') }),
  z.object({ action: z.literal('loadPlaylist'), name: PLAYLIST_NAME, channelId: snowflakeParam.nullable().default(null) }),
  z.object({ action: z.literal('deletePlaylist'), name: PLAYLIST_NAME }),
  /** The guild's music rules (manager level): DJ role, vote-skip share, queue and track limits, web control level. */
  z.object({ action: z.literal('rules'), rules: MusicRulesSchema }),
]);
export type MusicControl = z.output<typeof MusicControlSchema>;

/** `POST /playlists` (operationId `savePlaylist`). */
export const SavePlaylistSchema = z.object({
  name: PLAYLIST_NAME,
  from: z.union([z.object({ kind: z.literal('queue') }), z.object({ kind: z.literal('session'), sessionNumber: z.number().int().min(1) })]).default({ kind: 'queue' }),
});

const LibraryQuery = z.object({ text: z.string().max(200).optional(), limit: intParam.optional() }).strict();
const HistoryQuery = z.object({ limit: intParam.optional(), cursor: textParam(500).optional() }).strict();
const Empty = z.object({}).strict();

/** Music's access level from the access context's (owner > admin > moderator > viewer). */
export const accessLevelOf = (level: Level | null): AccessLevel =>
  level === 'owner' || level === 'admin' ? 'manager' : level === 'moderator' ? 'moderator' : 'member';

/** Refusals that are about who asks (403), not the state of the music. */
const FORBIDDEN = new Set(['WEB_CONTROL_FORBIDDEN', 'DJ_ONLY', 'RULES_FORBIDDEN']);

const readJson = async (c: Context<AppEnv>): Promise<unknown> => {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'the body is not valid JSON', '(body)');
  }
};

const parseBody = async <S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> => {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw invalidInput('INVALID_COMMAND', parsed.error);
  return parsed.data;
};

const trackFromUrl = (url: string, title: string | undefined): TrackRef => ({
  trackId: `url-${createHash('sha256').update(url).digest('hex').slice(0, 24)}`,
  title: title ?? (decodeURIComponent(basename(new URL(url).pathname)) || new URL(url).hostname),
  artist: null,
  durationMs: null,
  origin: 'url',
  location: url,
});

/**
 * The music remote's API, mounted at `/api/guilds/:guildId/music` (one `app.route` line):
 *   GET  /            getMusicSession   now playing, queue, position {startedAt, offsetMs, paused}
 *   GET  /history     listMusicHistory  attributed lines, newest first
 *   POST /control     controlMusic      one action (queue, skip, pause, seek, move, undo, …)
 *   GET  /library     searchLibrary     ?text&limit
 *   GET  /playlists   listPlaylists
 *   POST /playlists   savePlaylist      { name, from: queue | { kind: session, sessionNumber } }
 *   POST /uploads     uploadTrack       multipart `file`: an audio file, ≤ MUSIC_UPLOAD_MAX_BYTES
 */
export const musicArea = (deps: AppDeps, settings: MusicHttpSettings = loadMusicHttpSettings()) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });
  const read = guildRule('viewer', 'music:control');
  const control = guildRule('viewer', 'music:control');

  /** Sends a music command as the dashboard user, with the invoker the session shows; answers like the generic command route. */
  const send = async (c: Context<AppEnv>, type: MusicCommandType, payload: Record<string, unknown>) => {
    const { guild, correlationId } = c.var;
    const envelope = webCommandEnvelope(c, { type, payload: { ...payload, invoker: { level: accessLevelOf(guild.level), roleIds: [], voiceChannelId: null, listenerCount: null } }, scope: 'music' });
    const result = await deps.bus.send(envelope, { context: 'music', waitMs: deps.commandWaitMs });
    deps.logger.info({ commandId: envelope.id, type, guildId: guild.id, status: result.status }, 'music command');
    const ids = { commandId: envelope.id, correlationId };
    switch (result.status) {
      case 'accepted':
        return c.json({ ...ids, status: 'accepted' as const, verb: musicCommandCatalogue[type as keyof typeof musicCommandCatalogue]?.verb ?? type, result }, 200);
      case 'pending':
        return c.json({ ...ids, status: 'pending' as const, result }, 202);
      case 'rejected': {
        const status = result.code === 'INVALID_COMMAND' ? 400 : FORBIDDEN.has(result.code) ? 403 : rejectionStatus(result.code);
        return c.json(rejectedBody(result, ids), status);
      }
      case 'failed':
        return c.json({ ...ids, status: 'failed' as const, error: { code: 'COMMAND_FAILED', reason: result.reason, details: { attempts: result.attempts } } }, 502);
    }
  };

  const guildOf = (c: Context<AppEnv>) => c.var.guild.id;


  app.openapi(apiRoute(deps, { operationId: 'getMusicSession', method: 'get', path: '/guilds/{guildId}/music', tags: ['music'], summary: 'Now playing, the queue and the position {startedAt, offsetMs, paused}', access: read, request: { params: GuildParams, query: Empty }, responses: { 200: json(loose('MusicSession', {}), 'OK') } }),
    async (c) => c.json(await getMusicSession(deps.pool, { guildId: guildOf(c) }), 200),
  );

  app.openapi(apiRoute(deps, { operationId: 'listMusicHistory', method: 'get', path: '/guilds/{guildId}/music/history', tags: ['music'], summary: 'Attributed history, newest first', access: read, request: { params: GuildParams, query: HistoryQuery }, responses: { 200: json(loose('MusicHistoryPage', {}), 'OK') } }),
    async (c) => c.json(await listMusicHistory(deps.pool, { guildId: guildOf(c), ...c.req.valid('query') }), 200),
  );

  app.openapi(apiRoute(deps, { operationId: 'searchLibrary', method: 'get', path: '/guilds/{guildId}/music/library', tags: ['music'], summary: 'Search the library by words', access: read, request: { params: GuildParams, query: LibraryQuery }, responses: { 200: json(z.object({ tracks: z.array(loose('LibraryTrack', {})).readonly() }), 'OK') } }),
    async (c) => c.json({ tracks: await searchLibrary(deps.pool, { guildId: guildOf(c), ...c.req.valid('query') }) }, 200),
  );

  app.openapi(apiRoute(deps, { operationId: 'listPlaylists', method: 'get', path: '/guilds/{guildId}/music/playlists', tags: ['music'], summary: 'Saved playlists', access: read, request: { params: GuildParams, query: Empty }, responses: { 200: json(z.object({ playlists: z.array(loose('Playlist', {})).readonly() }), 'OK') } }),
    async (c) => c.json({ playlists: await listPlaylists(deps.pool, { guildId: guildOf(c) }) }, 200),
  );

  app.openapi(apiRoute(deps, { operationId: 'savePlaylist', method: 'post', path: '/guilds/{guildId}/music/playlists', tags: ['music'], summary: 'Save the queue or a past session as a playlist', access: control, request: { params: GuildParams, body: { content: { 'application/json': { schema: SavePlaylistSchema } }, required: true } }, responses: { 200: json(loose('MusicCommandAnswer', {}), 'OK') } }),
    async (c) => send(c, 'SavePlaylist', await parseBody(c, SavePlaylistSchema)),
  );

  app.openapi(apiRoute(deps, { operationId: 'controlMusic', method: 'post', path: '/guilds/{guildId}/music/control', tags: ['music'], summary: 'One action: queue, skip, pause, seek, move, undo, …', access: control, request: { params: GuildParams, body: { content: { 'application/json': { schema: MusicControlSchema } }, required: true } }, responses: { 200: json(loose('MusicCommandAnswer', {}), 'OK') } }),
    async (c) => {
    const a = await parseBody(c, MusicControlSchema);
    switch (a.action) {
      case 'queue': {
        const t = await getLibraryTrack(deps.pool, { guildId: guildOf(c), trackId: a.trackId });
        if (!t) throw new ApiError(404, 'TRACK_NOT_FOUND', `no track ${a.trackId} in this server's library`, 'trackId');
        const track: TrackRef = { trackId: t.id, title: t.title, artist: t.artist, durationMs: t.durationMs > 0 ? t.durationMs : null, origin: t.origin, location: t.path };
        return send(c, 'QueueTrack', { track, placement: a.placement, channelId: a.channelId });
      }
      case 'queueUrl':
        return send(c, 'QueueTrack', { track: trackFromUrl(a.url, a.title), placement: a.placement, channelId: a.channelId });
      case 'skip':
        return send(c, 'SkipTrack', { entryId: a.entryId });
      case 'previous':
        return send(c, 'PreviousTrack', {});
      case 'pause':
        return send(c, 'PausePlayback', {});
      case 'resume':
        return send(c, 'ResumePlayback', {});
      case 'stop':
        return send(c, 'EndMusicSession', {});
      case 'seek':
        return send(c, 'SeekPlayback', { positionMs: a.positionMs });
      case 'volume':
        return send(c, 'SetVolume', { volume: a.volume });
      case 'loop':
        return send(c, 'SetLoopMode', { mode: a.mode });
      case 'shuffle':
        return send(c, 'ShuffleQueue', { seed: randomInt(0, 2 ** 32 - 1) });
      case 'remove':
        return send(c, 'RemoveQueueEntry', { entryId: a.entryId });
      case 'move':
        return send(c, 'MoveQueueEntry', { entryId: a.entryId, to: a.to });
      case 'clear':
        return send(c, 'ClearQueue', {});
      case 'undo':
        return send(c, 'UndoLastQueueAction', {});
      case 'loadPlaylist':
        return send(c, 'LoadPlaylist', { name: a.name, channelId: a.channelId });
      case 'deletePlaylist':
        return send(c, 'DeletePlaylist', { name: a.name });
      case 'rules':
        return send(c, 'SetMusicRules', { rules: a.rules });
    }
  },
  );

  const tooLarge = () => new ApiError(413, 'UPLOAD_TOO_LARGE', `an upload is at most ${Math.floor(settings.MUSIC_UPLOAD_MAX_BYTES / (1024 * 1024))} MiB`, 'file', { maxBytes: settings.MUSIC_UPLOAD_MAX_BYTES });
  app.openapi(
    apiRoute(deps, {
      operationId: 'uploadTrack', method: 'post', path: '/guilds/{guildId}/music/uploads', tags: ['music'], summary: 'Upload an audio file (multipart field `file`) into the library', access: control,
      request: { params: GuildParams },
      // Multipart framing adds a little; the file itself is checked exactly below.
      middleware: [bodyLimit({ maxSize: settings.MUSIC_UPLOAD_MAX_BYTES + 64 * 1024, onError: (c) => c.json(tooLarge().body(), 413) })],
      responses: { 200: json(loose('MusicCommandAnswer', {}), 'OK') },
    }),
    async (c) => {
      if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data, field "file"');
      const form = await c.req.parseBody().catch(() => {
        throw new ApiError(400, 'INVALID_UPLOAD', 'the multipart body could not be read', 'file');
      });
      const file = form['file'];
      if (!(file instanceof File)) throw new ApiError(400, 'INVALID_UPLOAD', 'a file is needed in the field "file"', 'file');
      if (file.size > settings.MUSIC_UPLOAD_MAX_BYTES) throw tooLarge();
      if (file.size === 0) throw new ApiError(400, 'NOT_AUDIO', 'the file is empty', 'file');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const audio = sniffAudio(bytes);
      if (!audio) throw new ApiError(400, 'NOT_AUDIO', `${file.name || 'the file'} is not an audio file Guildhall can play (Ogg Opus/Vorbis, WAV, FLAC or MP3)`, 'file');
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
      const guildId = guildOf(c);
      const dir = join(settings.MUSIC_UPLOAD_DIR, guildId);
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${hash}${extname(file.name).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 6) || '.audio'}`);
      await writeFile(path, bytes);
      const title = basename(file.name, extname(file.name)).replace(/[_]+/g, ' ').trim().slice(0, 200) || `Upload ${hash.slice(0, 8)}`;
      const track = { id: `upload-${hash}`, path, title, artist: null, durationMs: audio.durationMs ?? 0, format: audio.format };
      return send(c, 'RecordTrackUploaded', { track, sizeBytes: file.size });
    },
  );

  return app;
};
