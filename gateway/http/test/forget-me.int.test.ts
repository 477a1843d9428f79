import { auditNames, auditSecretFromEnv, Chainer, ERASED, JetStreamEventStore, rebuildProjection, verifyStore, withPersonalData } from '@guildhall/eventing';
import { allPersonalData, casesProjection, memberProfilesProjection } from '@guildhall/projections';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, logger, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
type CaseBody = { target: { id: string; name: string | null }; reason: string | null; type: string };
type ProfileBody = { member: { username: string | null; globalName: string | null; displayName: string } | null };

/**
 * "Forget me" end to end on real NATS and PostgreSQL: a member's cases stay readable with the
 * personal fields "[erased]", a rebuild gives the same, and `verify` still passes (the chain
 * hashes the ciphertext, which never changed).
 */
describe('forget me (crypto-shredding, forgetMember / forgetMe)', () => {
  let stack: TestStack;
  let admin: Browser;
  let names: ReturnType<typeof auditNames>;
  const secret = auditSecretFromEnv();

  beforeAll(async () => {
    stack = await startTestStack('forget');
    names = auditNames(`EV_${stack.id}`, `es_${stack.id}`);
    admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, stack.sandbox.world.people(stack.guildId).admins[0]!);
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(stack.nc);
    for (const s of [names.chainStream, names.auditStream]) await jsm.streams.delete(s).catch(() => undefined);
    await stack?.dispose();
  });

  const verify = async () => {
    const chainer = await Chainer.open({ nc: stack.nc, streamName: names.eventsStream, subjectPrefix: names.eventsPrefix, secret, logger });
    await chainer.catchUp();
    return verifyStore(stack.nc, { streamName: names.eventsStream, subjectPrefix: names.eventsPrefix, secret });
  };
  const userOf = (userId: string) => stack.sandbox.world.members(stack.guildId).find((m) => m.user.id === userId)!.user;
  const getJson = async <T>(b: Browser, path: string): Promise<T> => {
    const res = await b.api(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const warn = async (userId: string, name: string, reason: string): Promise<number> => {
    const res = await admin.api(`/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, { body: { target: { id: userId, name }, reason } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseNumber: number }).caseNumber;
  };
  const rawStreamText = async (): Promise<string> => {
    const jsm = await jetstreamManager(stack.nc);
    const info = await jsm.streams.info(names.eventsStream);
    const out: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(names.eventsStream, { seq }).catch(() => null);
      if (m) out.push(m.string());
    }
    return out.join('\n');
  };

  it('an admin forgets a member on request: their cases stay with the name erased, a rebuild gives the same, the chain verifies', async () => {
    const people = stack.sandbox.world.people(stack.guildId);
    const memberId = people.members[2]!;
    const username = userOf(memberId).username;
    const caseNumber = await warn(memberId, username, 'spam in #general');
    const before = await eventually(async () => {
      const c = await getJson<CaseBody>(admin, `/api/guilds/${stack.guildId}/cases/${caseNumber}`);
      expect(c.target.name).toBe(username);
      return c;
    });
    expect(before.reason).toBe('spam in #general');
    // The store holds only ciphertext of the name: neither the case nor the member facts show it.
    expect(await rawStreamText()).not.toContain(`"${username}"`);
    expect((await verify()).ok).toBe(true);

    const forget = await admin.api(`/api/guilds/${stack.guildId}/members/${memberId}/forget`, { method: 'POST' });
    expect(forget.status).toBe(202);
    expect(await forget.json()).toMatchObject({ memberId, status: 'accepted', erasure: 'scheduled' });

    const erased = await eventually(
      async () => {
        const c = await getJson<CaseBody>(admin, `/api/guilds/${stack.guildId}/cases/${caseNumber}`);
        expect(c.target).toEqual({ id: memberId, name: ERASED });
        // The eraser rebuilds one read model after the other: wait for the member's page too.
        const p = await getJson<ProfileBody>(admin, `/api/guilds/${stack.guildId}/members/${memberId}`);
        expect(p.member?.username).toBe(ERASED);
        return c;
      },
      60_000,
      'the case read with the name erased',
    );
    // Still readable: the case, its action and reason, whom it is about (by id).
    expect(erased).toMatchObject({ type: 'warn', reason: 'spam in #general' });
    const profile = await getJson<ProfileBody>(admin, `/api/guilds/${stack.guildId}/members/${memberId}`);
    expect(profile.member?.username).toBe(ERASED);
    // Nowhere on their page: not in the names history, not in their cases.
    expect(JSON.stringify(profile)).not.toContain(username);

    // A rebuild reads the same through the shredding store.
    const { open } = await withPersonalData(await JetStreamEventStore.create({ nc: stack.nc, streamName: names.eventsStream, subjectPrefix: names.eventsPrefix, logger }), {
      nc: stack.nc, eventsStream: names.eventsStream, policy: allPersonalData,
    });
    for (const p of [casesProjection, memberProfilesProjection]) {
      await rebuildProjection(p, { nc: stack.nc, pool: stack.pool, streamName: names.eventsStream, subjectPrefix: names.eventsPrefix, logger, open });
    }
    expect(await getJson<CaseBody>(admin, `/api/guilds/${stack.guildId}/cases/${caseNumber}`)).toEqual(erased);
    expect((await getJson<ProfileBody>(admin, `/api/guilds/${stack.guildId}/members/${memberId}`)).member?.username).toBe(ERASED);

    // The chain hashes the ciphertext: destroying the key changed no stored byte.
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThan(0);
    // The record of the erasure names ids, never the name.
    const recordText = await rawStreamText();
    expect(recordText).toContain('MemberForgotten');
  });

  it('a member forgets themself ("forget me"); other members keep their names', async () => {
    const people = stack.sandbox.world.people(stack.guildId);
    const meId = people.members[3]!;
    const otherId = people.members[4]!;
    const myCase = await warn(meId, userOf(meId).username, 'off-topic');
    const otherCase = await warn(otherId, userOf(otherId).username, 'off-topic too');
    const me = new Browser(stack.gateway.url);
    await logIn(me, stack.sandbox, meId);

    const res = await me.api(`/api/me/guilds/${stack.guildId}/forget`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ memberId: meId, status: 'accepted' });
    await eventually(
      async () => {
        const c = await getJson<CaseBody>(admin, `/api/guilds/${stack.guildId}/cases/${myCase}`);
        expect(c.target.name).toBe(ERASED);
        return true;
      },
      60_000,
      'my case read with my name erased',
    );
    expect((await getJson<CaseBody>(admin, `/api/guilds/${stack.guildId}/cases/${otherCase}`)).target.name).toBe(userOf(otherId).username);
    expect((await verify()).ok).toBe(true);
  });

  it('refuses what it must, with a clear error, and appends nothing', async () => {
    const people = stack.sandbox.world.people(stack.guildId);
    const before = (await (await jetstreamManager(stack.nc)).streams.info(names.eventsStream)).state.last_seq;
    const badId = await admin.api(`/api/guilds/${stack.guildId}/members/not-a-snowflake/forget`, { method: 'POST' });
    expect(badId.status).toBe(400);
    expect(JSON.stringify(await badId.json())).toMatch(/userId/);

    const moderator = new Browser(stack.gateway.url);
    await logIn(moderator, stack.sandbox, people.moderators[0]!);
    const notAdmin = await moderator.api(`/api/guilds/${stack.guildId}/members/${people.members[5]!}/forget`, { method: 'POST' });
    expect(notAdmin.status).toBe(403);

    const stranger = await moderator.api(`/api/me/guilds/99999999999999999/forget`, { method: 'POST' });
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ error: { code: 'NOT_A_MEMBER', field: 'guildId' } });
    const after = (await (await jetstreamManager(stack.nc)).streams.info(names.eventsStream)).state.last_seq;
    expect(after).toBe(before);
  });

  it('sets the guild retention (admin), reads it back with who set it, and refuses bad days naming the field', async () => {
    const path = `/api/guilds/${stack.guildId}/retention`;
    expect(await getJson<Json>(admin, path)).toEqual({ messageContentDays: null, setBy: null, setAt: null });
    const set = await admin.api(path, { method: 'PUT', body: { messageContentDays: 30 } });
    expect(set.status).toBe(200);
    const now = await getJson<Json>(admin, path);
    expect(now).toMatchObject({ messageContentDays: 30, setBy: stack.sandbox.world.people(stack.guildId).admins[0] });
    for (const bad of [0, 4000, 'thirty']) {
      const res = await admin.api(path, { method: 'PUT', body: { messageContentDays: bad } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/messageContentDays/);
    }
    expect(await getJson<Json>(admin, path)).toEqual(now);
  });

  it('settings history: the configuration as of a moment and the diff between two, from the store (getGuildSettingsAsOf, diffGuildSettings)', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const roleId = [...stack.sandbox.world.mainGuild().roles.keys()].at(-1)!;
    const grant = await admin.api(`/api/guilds/${stack.guildId}/access/grants`, { body: { subject: { kind: 'role', id: roleId }, level: 'viewer' } });
    expect(grant.status).toBe(201);
    const { grantId } = (await grant.json()) as { grantId: string };
    const set = await admin.api(`/api/guilds/${stack.guildId}/retention`, { method: 'PUT', body: { messageContentDays: 90 } });
    expect(set.status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    const after = new Date().toISOString();

    const then = await getJson<{ sections: { access: { grants: Json }; retention: Json } }>(admin, `/api/guilds/${stack.guildId}/settings/as-of?at=${encodeURIComponent(before)}`);
    expect(then.sections.access.grants[grantId]).toBeUndefined();
    const now = await getJson<{ sections: { access: { grants: Json }; retention: Json } }>(admin, `/api/guilds/${stack.guildId}/settings/as-of?at=${encodeURIComponent(after)}`);
    expect(now.sections.access.grants[grantId]).toEqual({ subject: { kind: 'role', id: roleId }, level: 'viewer', expiresAt: null });
    expect(now.sections.retention).toEqual({ messageContentDays: 90 });

    const diff = await getJson<{ changes: { section: string; path: string; kind: string }[] }>(
      admin,
      `/api/guilds/${stack.guildId}/settings/diff?from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`,
    );
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ section: 'access', path: `grants.${grantId}`, kind: 'added' }),
        expect.objectContaining({ section: 'retention', path: 'messageContentDays', kind: 'changed' }),
      ]),
    );
    const reversed = await admin.api(`/api/guilds/${stack.guildId}/settings/diff?from=${encodeURIComponent(after)}&to=${encodeURIComponent(before)}`);
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(await reversed.json())).toMatch(/"to"/);
    const bad = await admin.api(`/api/guilds/${stack.guildId}/settings/as-of?at=yesterday`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/at/);
  });
});
