import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailPage, startSmtpCatcher, type SmtpCatcher } from '../src/index.js';

let smtp: SmtpCatcher;
let page: Awaited<ReturnType<typeof startMailPage>>;

beforeAll(async () => {
  smtp = await startSmtpCatcher(0);
  page = await startMailPage(smtp.mails, 0);
});
afterAll(async () => {
  await page?.stop();
  await smtp?.stop();
});

describe('the mail catcher (real SMTP in, a page out)', () => {
  it('accepts a message sent with nodemailer and lists it, escaped, on a page without scripts', async () => {
    const t = nodemailer.createTransport(smtp.url);
    await t.sendMail({ from: 'Guildhall <g@localhost>', to: 'mia@example.test', subject: 'Case #3 <script>', text: 'Reason: <b>spam</b>', html: '<p>Reason: spam</p>' });
    t.close();
    expect(smtp.mails).toHaveLength(1);
    const res = await fetch(`${page.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('Case #3 &lt;script&gt;');
    expect(html).toContain('Reason: &lt;b&gt;spam&lt;/b&gt;');
    expect(html).not.toContain('<script');
    const json = (await (await fetch(`${page.url}/api/messages`)).json()) as { messages: { subject: string; to: string; html: string }[] };
    expect(json.messages[0]).toMatchObject({ subject: 'Case #3 <script>', to: 'mia@example.test', html: '<p>Reason: spam</p>' });
    const part = await fetch(`${page.url}/messages/0/html`);
    expect(part.headers.get('content-security-policy')).toContain('sandbox');
    expect((await fetch(`${page.url}/messages/9/html`)).status).toBe(404);
    expect((await fetch(`${page.url}/`, { method: 'POST' })).status).toBe(405);
  });
});
