/**
 * `npm start`'s mail catcher: an SMTP server on MAIL_CATCHER_SMTP_PORT (2525) that accepts every
 * message and sends none on, and a page listing them on MAIL_CATCHER_HTTP_PORT (8025). A stand-in
 * like the sandbox (no ops port): the notifier's SMTP_URL points here by default.
 */
import { createLogger, parseSettings } from '@guildhall/eventing';
import { z } from 'zod';
import { startMailPage } from './mail-page.js';
import { startSmtpCatcher } from './smtp-catcher.js';

const settings = parseSettings(
  z.object({
    MAIL_CATCHER_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    MAIL_CATCHER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8025),
    MAIL_CATCHER_HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
  process.env,
);
const logger = createLogger('mail-catcher', settings.LOG_LEVEL);
const smtp = await startSmtpCatcher(settings.MAIL_CATCHER_SMTP_PORT, { host: settings.MAIL_CATCHER_HOST });
const page = await startMailPage(smtp.mails, settings.MAIL_CATCHER_HTTP_PORT, settings.MAIL_CATCHER_HOST);
logger.info({ smtp: smtp.url, page: page.url }, 'ready');

const stop = async (): Promise<void> => {
  await Promise.all([smtp.stop(), page.stop()]);
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
