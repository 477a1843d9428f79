import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in-process (smtp-server): what it accepted, parsed. */
export type SmtpCatcher = Readonly<{
  port: number;
  url: string;
  mails: ParsedMail[];
  /** While set, each DATA waits for this before it is accepted (a test kills the sender meanwhile). */
  hold(): { receiving: Promise<void>; release: () => void };
  stop(): Promise<void>;
}>;

export const startSmtpCatcher = async (port = 0): Promise<SmtpCatcher> => {
  const mails: ParsedMail[] = [];
  let holding: { arrived: () => void; gate: Promise<void> } | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const h = holding;
        const accept = async () => {
          if (h) {
            h.arrived();
            await h.gate;
          }
          // A sender that died while we held the message ended the SMTP session: not accepted.
          if (stream.destroyed && h) return;
          mails.push(await simpleParser(Buffer.concat(chunks)));
          callback();
        };
        accept().catch((e: unknown) => callback(e as Error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    hold: () => {
      let arrived!: () => void;
      let release!: () => void;
      const receiving = new Promise<void>((r) => (arrived = r));
      const gate = new Promise<void>((r) => (release = r));
      holding = { arrived, gate };
      return {
        receiving,
        release: () => {
          holding = undefined;
          release();
        },
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
