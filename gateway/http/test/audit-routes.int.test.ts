import { auditNames, auditSecretFromEnv, Chainer, subjects, verificationRecordOf, verifyStore } from '@guildhall/eventing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { logger, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;

describe('GET /api/guilds/:guildId/audit/verification (the dashboard badge)', () => {
  let stack: TestStack;
  let browser: Browser;
  let names: ReturnType<typeof auditNames>;
  const secret = auditSecretFromEnv();

  beforeAll(async () => {
    stack = await startTestStack('audit');
    names = auditNames(`EV_${stack.id}`, `es_${stack.id}`);
    browser = new Browser(stack.gateway.url);
    await logIn(browser, stack.sandbox, stack.sandbox.world.people(stack.guildId).moderators[0]!);
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(stack.nc);
    for (const s of [names.chainStream, names.auditStream]) await jsm.streams.delete(s).catch(() => undefined);
    await stack?.dispose();
  });

  /** What the audit service's scheduled job does: chain what is new, verify, store the result. */
  const scheduledVerification = async () => {
    const chainer = await Chainer.open({ nc: stack.nc, streamName: names.eventsStream, subjectPrefix: names.eventsPrefix, secret, logger });
    await chainer.catchUp();
    const report = await verifyStore(stack.nc, { streamName: names.eventsStream, subjectPrefix: names.eventsPrefix, secret });
    await jetstream(stack.nc).publish(subjects.verification(names, 'all'), JSON.stringify(verificationRecordOf(report)));
    return report;
  };
  const status = async (query = '') => {
    const res = await browser.api(`/api/guilds/${stack.guildId}/audit/verification${query}`);
    return { code: res.status, body: (await res.json()) as Json };
  };

  it('is unknown before any verification, then "verified up to <position>, <time>" for the guild and its cases, and red after a deletion', async () => {
    expect((await status()).body).toMatchObject({ status: 'unknown', verifiedAt: null, upToPosition: 0 });

    const warn = await browser.api(`/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, {
      body: { target: { id: stack.sandbox.world.people(stack.guildId).members[1]! }, reason: 'audit badge test' },
    });
    expect(warn.status).toBe(200);
    const caseNumber = ((await warn.json()) as { caseNumber: number }).caseNumber;
    expect(caseNumber).toBeGreaterThan(0);

    const ok = await scheduledVerification();
    expect(ok.ok).toBe(true);
    const green = await status(`?case=${caseNumber}`);
    expect(green.code).toBe(200);
    expect(green.body).toMatchObject({ status: 'verified', problems: 0, firstProblem: null, case: { caseNumber, covered: true } });
    expect(green.body.upToPosition).toBeGreaterThan(0);
    expect(typeof green.body.verifiedAt).toBe('string');
    expect(typeof green.body.upToOccurredAt).toBe('string');

    const jsm = await jetstreamManager(stack.nc);
    const first = (await jsm.streams.info(names.eventsStream)).state.first_seq;
    await jsm.streams.deleteMessage(names.eventsStream, first);
    const bad = await scheduledVerification();
    expect(bad.ok).toBe(false);
    const red = await status(`?case=${caseNumber}`);
    expect(red.body).toMatchObject({ status: 'failed', firstProblem: { code: 'DELETED', stream: names.eventsStream, position: first }, case: { covered: false } });
  });

  it('answers a bad case number 400 naming the field, and an unknown case 404', async () => {
    const bad = await status('?case=abc');
    expect(bad.code).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/case/);
    const unknown = await status('?case=99999');
    expect(unknown.code).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'CASE_NOT_FOUND' } });
  });
});
