/** The processes `npm start` runs, in start order. Each logs `ready` (pino JSON) once it serves. */
export type ServiceSpec = Readonly<{
  name: string;
  /** Entry file, relative to the repository root, run with tsx. */
  entry: string;
  /** Skip the service under these settings (e.g. the sandbox when a real Discord token is set). */
  skip?: (env: NodeJS.ProcessEnv) => boolean;
}>;

export const services: readonly ServiceSpec[] = [
  { name: 'sandbox', entry: 'infra/discord-sandbox/src/main.ts', skip: (env) => !!env.DISCORD_TOKEN },
  { name: 'moderation', entry: 'bounded-contexts/moderation/src/main.ts' },
  { name: 'community', entry: 'bounded-contexts/community/src/main.ts' },
  { name: 'messaging', entry: 'bounded-contexts/messaging/src/main.ts' },
  { name: 'projections', entry: 'projections/src/main.ts' },
  { name: 'audit', entry: 'infra/audit/src/main.ts' },
  { name: 'http', entry: 'gateway/http/src/main.ts' },
  { name: 'bot', entry: 'gateway/discord/src/main.ts' },
];
