import { pino } from 'pino';
import { startSandbox } from './server.js';
import { InvalidSettingsError, loadSandboxSettings, sandboxOptionsFromSettings } from './settings.js';

/** `npm run sandbox`: the sandbox alone, on SANDBOX_PORT (8081), traffic simulator on. */
const main = async (): Promise<void> => {
  let settings;
  try {
    settings = loadSandboxSettings();
  } catch (err) {
    if (err instanceof InvalidSettingsError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: settings.LOG_LEVEL, base: { service: 'discord-sandbox' } });
  const sandbox = await startSandbox({ ...sandboxOptionsFromSettings(settings), logger });
  // `ready` is what the `npm start` launcher waits for; the fields tell a person where to look.
  logger.info(
    {
      viewer: `${sandbox.url}/`,
      restApi: `${sandbox.url}/api`,
      applicationId: sandbox.bot.applicationId,
      bot: `${sandbox.url}/_sandbox/bot`,
      voice: sandbox.voice ? { endpoint: sandbox.voice.endpoint, certificate: `${sandbox.url}/_sandbox/voice/certificate` } : 'off',
      hint: 'point discord.js at rest.api = <url>/api; token from GET /_sandbox/bot',
    },
    'ready',
  );
  const shutdown = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
};

main().catch((err: unknown) => {
  process.stderr.write(`discord sandbox failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
