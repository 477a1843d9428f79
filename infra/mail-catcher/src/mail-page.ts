import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaughtMail } from './smtp-catcher.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const addresses = (a: CaughtMail['to'] | CaughtMail['from']): string => (a === undefined ? '' : (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', '));

/** No script at all, and a message's own HTML is shown only in a sandboxed frame (its own CSP forbids scripts too). */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src data:";
const MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

const listPage = (mails: readonly CaughtMail[]): string => {
  const rows = [...mails]
    .map((m, i) => ({ m, i }))
    .reverse()
    .map(
      ({ m, i }) => `<article>
  <h2>${escapeHtml(m.subject ?? '(no subject)')}</h2>
  <p class="meta">#${i} · ${escapeHtml(m.receivedAt)} · from ${escapeHtml(addresses(m.from))} · to ${escapeHtml(addresses(m.to) || m.envelopeTo.join(', '))}${m.html ? ` · <a href="/messages/${i}/html">HTML part</a>` : ''}</p>
  <pre>${escapeHtml(m.text ?? '')}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Guildhall mail catcher</title>
<style>body{font-family:sans-serif;margin:1rem;max-width:60rem}article{border-bottom:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap;word-break:break-word}.meta{color:#444;font-size:.9rem}
@media (prefers-color-scheme: dark){body{background:#111;color:#eee}.meta{color:#bbb}a{color:#9cf}}</style></head>
<body><h1>Mail catcher</h1><p>${mails.length} message(s) caught, newest first. Nothing here left this machine. <a href="/api/messages">JSON</a></p>
${rows || '<p>No mail yet.</p>'}
</body></html>`;
};

/** The catcher's page: what was "sent", newest first (`/`), one message's HTML part, and JSON (`/api/messages`). */
export const startMailPage = async (mails: readonly CaughtMail[], port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string; stop: () => Promise<void> }> => {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const html = /^\/messages\/(\d+)\/html$/.exec(url.pathname);
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP }).end(listPage(mails));
    } else if (url.pathname === '/api/messages') {
      const body = mails.map((m, i) => ({ id: i, receivedAt: m.receivedAt, messageId: m.messageId ?? null, subject: m.subject ?? null, from: addresses(m.from), to: addresses(m.to), text: m.text ?? null, html: m.html || null }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: body }));
    } else if (html && mails[Number(html[1])]?.html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': MESSAGE_CSP }).end(String(mails[Number(html[1])]!.html));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return { server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
};
