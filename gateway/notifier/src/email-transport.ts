import type { NotificationQueued } from '@guildhall/appeals';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AttemptOutcome } from './attempt-outcome.js';

export type EmailTransport = Readonly<{
  send(n: NotificationQueued['data'] & { recipient: { channel: 'email' } }): Promise<AttemptOutcome>;
  close(): void;
}>;

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

/** A refusal the server will repeat (5xx: no such mailbox, policy); a 4xx or a network failure may pass later. */
export const classifySmtpError = (e: unknown): Extract<AttemptOutcome, { ok: false }> => {
  const err = e as SmtpError;
  const reason = (err.response ?? err.message ?? String(e)).slice(0, 1000) || 'unknown SMTP error';
  if (typeof err.responseCode === 'number') {
    return { ok: false, code: `SMTP_${err.responseCode}`, reason, permanent: err.responseCode >= 500 && err.responseCode < 600 };
  }
  if (err.code === 'EENVELOPE') return { ok: false, code: 'SMTP_ENVELOPE', reason, permanent: true };
  return { ok: false, code: 'SMTP_UNREACHABLE', reason: `${err.code ?? 'error'}: ${reason}`, permanent: false };
};

/**
 * Email through SMTP with nodemailer. The Message-ID derives from the notification id, so a mail
 * client that sees one twice (an attempt whose success was not recorded before a crash) shows it once.
 */
export const smtpTransport = (opts: Readonly<{ url: string; from: string; timeoutMs: number }>): EmailTransport => {
  const transporter: Transporter = nodemailer.createTransport(opts.url, {
    // A few kept-open connections instead of one per email (a burst of decisions, a retry wave).
    pool: true,
    maxConnections: 4,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[1]);
  return {
    send: async (n) => {
      try {
        const info = await transporter.sendMail({
          from: opts.from,
          to: n.recipient.email,
          subject: n.content.subject,
          text: n.content.text,
          ...(n.content.html ? { html: n.content.html } : {}),
          messageId: `<${n.notificationId}@guildhall.notifications>`,
        });
        return { ok: true, providerId: String(info.messageId ?? n.notificationId) };
      } catch (e) {
        return classifySmtpError(e);
      }
    },
    close: () => transporter.close(),
  };
};
