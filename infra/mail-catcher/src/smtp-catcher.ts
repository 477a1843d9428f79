import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One accepted message: parsed, with when it came and its envelope. */
export type CaughtMail = ParsedMail & Readonly<{ receivedAt: string; envelopeTo: readonly string[] }>;

/**
 * A real SMTP server (smtp-server) that accepts every message and keeps it, parsed: the tests'
 * SMTP server and `npm start`'s mail catcher. No TLS, any sender, any recipient, no auth.
 */
export type SmtpCatcher = Readonly<{
  port: number;
  url: string;
  /** Oldest first; at most `keep` (the oldest are dropped). */
  mails: CaughtMail[];
  /**
   * While held, a message's DATA waits before the server answers it (a test kills the sender
   * meanwhile). Like any SMTP server, a message whose sender hung up before the 250 reply is not
   * accepted: `senderGone` resolves once that session closed.
   */
  hold(): { receiving: Promise<void>; senderGone: Promise<void>; release: () => void };
  stop(): Promise<void>;
}>;

export const startSmtpCatcher = async (port = 0, options: Readonly<{ host?: string; keep?: number }> = {}): Promise<SmtpCatcher> => {
  const keep = options.keep ?? 1000;
  const mails: CaughtMail[] = [];
  let holding: { arrived: (sessionId: string) => void; gate: Promise<void> } | undefined;
  const closed = new Set<string>();
  const onClosed = new Map<string, () => void>();
  const server = new SMTPServer({
    onClose(session) {
      closed.add(session.id);
      onClosed.get(session.id)?.();
    },
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const h = holding;
        const accept = async () => {
          if (h) {
            h.arrived(session.id);
            await h.gate;
          }
          // A sender that died while we held the message ended the SMTP session: not accepted.
          if (closed.has(session.id)) return;
          const parsed = await simpleParser(Buffer.concat(chunks));
          mails.push(Object.assign(parsed, { receivedAt: new Date().toISOString(), envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          if (mails.length > keep) mails.splice(0, mails.length - keep);
          callback();
        };
        accept().catch((e: unknown) => callback(e as Error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    hold: () => {
      let arrived!: (sessionId: string) => void;
      let release!: () => void;
      let gone!: () => void;
      const senderGone = new Promise<void>((r) => (gone = r));
      const receiving = new Promise<void>((r) => {
        arrived = (sessionId) => {
          if (closed.has(sessionId)) gone();
          else onClosed.set(sessionId, gone);
          r();
        };
      });
      const gate = new Promise<void>((r) => (release = r));
      holding = { arrived, gate };
      return {
        receiving,
        senderGone,
        release: () => {
          holding = undefined;
          release();
        },
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
