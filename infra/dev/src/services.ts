/** The processes `npm start` runs, in start order. Each logs `ready` (pino JSON) once it serves. */
export type ServiceSpec = Readonly<{
  name: string;
  /** Entry file, relative to the repository root, run with tsx. */
  entry: string;
  /** Skip the service under these settings (e.g. the sandbox when a real Discord token is set). */
  skip?: (env: NodeJS.ProcessEnv) => boolean;
}>;

export const services: readonly ServiceSpec[] = [{ name: 'projections', entry: 'projections/src/main.ts' }];
