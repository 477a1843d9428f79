import { Chainer, CommandBus, latestVerification } from '@guildhall/eventing';
import { outgoingMessageCommands } from '@guildhall/messaging';
import { describe, expect, it } from 'vitest';
import { loadAuditSettings } from '../src/settings.js';
import { runVerification } from '../src/verification-job.js';
import { witnessCommand } from '../src/witness.js';
import { auditWorld, logger, openChainer, secret, useNats } from './support.js';

const t = useNats('audit-service-test');

describe('the scheduled verification job', () => {
  it('stores each result for the dashboard, and on a failure appends AuditVerificationFailed in the guild (once), then Restored', async () => {
    const w = await auditWorld(t.nc, 4);
    t.made.push(...w.streams);
    const chainer = await openChainer(t.nc, w);
    await chainer.catchUp();
    const deps = { nc: t.nc, store: w.store, streamName: w.streamName, subjectPrefix: w.subjectPrefix, secret, logger };

    const ok = await runVerification(deps, undefined);
    expect(ok.record).toMatchObject({ ok: true, events: 4, upToPosition: 4, guilds: { g1: { ok: true, upToPosition: 3 }, g2: { ok: true, upToPosition: 4 } } });
    expect(await latestVerification(t.nc, w.an)).toEqual(ok.record);

    await t.jsm.streams.deleteMessage(w.streamName, 3);
    const bad = await runVerification(deps, ok.record);
    expect(bad.record).toMatchObject({ ok: false, problemCount: 1, guilds: { g1: { ok: false, problems: 1 }, g2: { ok: true } } });
    expect(bad.record.problems[0]).toMatchObject({ code: 'DELETED', position: 3 });
    expect(await latestVerification(t.nc, w.an)).toEqual(bad.record);
    const alerts = await w.store.readStream('audit.verification.g1');
    expect(alerts.events.map((e) => [e.type, e.guildId])).toEqual([['AuditVerificationFailed', 'g1']]);
    expect(alerts.events[0]!.payload).toMatchObject({ problems: 1, first: { code: 'DELETED', position: 3 } });

    // Still failing: no second alert event.
    await chainer.catchUp();
    const again = await runVerification(deps, bad.record);
    expect(again.record.ok).toBe(false);
    expect((await w.store.readStream('audit.verification.g1')).events).toHaveLength(1);
  });
});

describe('checkpoint witness', () => {
  it('is a valid messaging SendMessage for the staff channel, carrying head, key and signature, sent through the bus', async () => {
    const w = await auditWorld(t.nc, 2);
    t.made.push(...w.streams);
    t.made.push(w.names.bus.streamName, w.names.bus.deadLetterStream, `KV_${w.names.bus.resultsBucket}`);
    const bus = await CommandBus.create({ nc: t.nc, logger, ...w.names.bus });
    const sent: string[] = [];
    const chainer = await Chainer.open({
      nc: t.nc,
      streamName: w.streamName,
      subjectPrefix: w.subjectPrefix,
      secret,
      logger,
      onCheckpoint: async (c) => {
        const cmd = witnessCommand(c, '123456789012345678');
        sent.push(cmd.id);
        await bus.send(cmd, { context: 'messaging' });
      },
    });
    await chainer.catchUp();
    const cps = await chainer.checkpoint(true);
    expect(cps.map((c) => c.guildId)).toEqual(['g1', 'g2']);
    expect(sent).toHaveLength(2);
    const cp = cps.at(-1);
    const cmd = witnessCommand(cp!, '123456789012345678');
    const payload = outgoingMessageCommands.SendMessage.parse(cmd.payload);
    expect(payload.content).toContain(cp!.head);
    expect(payload.content).toContain(cp!.signature);
    expect(payload.allowedMentions).toEqual({ everyone: false, roles: false, users: false });
    const stored = await t.jsm.streams.getMessage(w.names.bus.streamName, { last_by_subj: `${w.names.bus.subjectPrefix}.messaging.SendMessage` });
    expect(stored!.json<{ id: string; guildId: string }>()).toMatchObject({ id: sent.at(-1), guildId: cp!.guildId });
    await bus.close();
  });
});

describe('audit settings', () => {
  it('reads witness channels as guildId:channelId pairs and names a bad one', () => {
    expect(loadAuditSettings({ AUDIT_WITNESS_CHANNELS: 'g1:123, g2:456' }).AUDIT_WITNESS_CHANNELS).toEqual({ g1: '123', g2: '456' });
    expect(() => loadAuditSettings({ AUDIT_WITNESS_CHANNELS: 'g1:general' })).toThrow(/AUDIT_WITNESS_CHANNELS: "g1:general" is not guildId:channelId/);
    expect(() => loadAuditSettings({ AUDIT_CHECKPOINT_EVERY: '0' })).toThrow(/AUDIT_CHECKPOINT_EVERY/);
  });
});
