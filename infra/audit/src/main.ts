/**
 * The audit service (`npm start` runs it): the one chainer (links every stored event into its
 * guild's hash chain, signs checkpoints, posts them to the staff channels named in
 * AUDIT_WITNESS_CHANNELS) and the scheduled verification job.
 */
import {
  auditSecret,
  Chainer,
  CommandBus,
  commandBusNames,
  connectNats,
  latestVerification,
  natsReady,
  openEventStore,
  runService,
  auditNames,
} from '@guildhall/eventing';
import { loadAuditSettings } from './settings.js';
import { runVerification } from './verification-job.js';
import { witnessCommand } from './witness.js';

await runService('audit', () => loadAuditSettings(), async (s, logger) => {
  const secret = auditSecret(s.AUDIT_SECRET);
  if (secret.isDevDefault) logger.warn({ variable: 'AUDIT_SECRET' }, 'AUDIT_SECRET is the demo default: set your own outside the offline demo');
  const nc = await connectNats(s.NATS_URL, 'audit', logger);
  // The audit service appends only its own records, which hold no personal data.
  const { store } = await openEventStore(s, nc, logger, {});
  const witnesses = s.AUDIT_WITNESS_CHANNELS;
  const bus = Object.keys(witnesses).length > 0 ? await CommandBus.create({ nc, logger, ...commandBusNames(s) }) : undefined;
  const chainer = await Chainer.open({
    nc,
    streamName: s.EVENTS_STREAM,
    subjectPrefix: s.EVENTS_SUBJECT_PREFIX,
    secret,
    logger,
    checkpointEvery: s.AUDIT_CHECKPOINT_EVERY,
    checkpointIntervalMs: s.AUDIT_CHECKPOINT_INTERVAL_MS,
    onCheckpoint: async (c) => {
      const channelId = witnesses[c.guildId];
      if (bus && channelId) await bus.send(witnessCommand(c, channelId), { context: 'messaging' });
    },
  });
  chainer.start(s.AUDIT_POLL_MS);

  const deps = { nc, store, streamName: s.EVENTS_STREAM, subjectPrefix: s.EVENTS_SUBJECT_PREFIX, secret, logger };
  let previous = await latestVerification(nc, auditNames(s.EVENTS_STREAM, s.EVENTS_SUBJECT_PREFIX));
  let running: Promise<void> = Promise.resolve();
  const verify = () => {
    running = running.then(async () => {
      try {
        previous = (await runVerification(deps, previous)).record;
      } catch (err) {
        logger.error({ err, code: 'AUDIT_VERIFICATION_ERROR' }, 'scheduled verification could not run');
      }
    });
  };
  const first = setTimeout(verify, Math.min(5_000, s.AUDIT_VERIFY_INTERVAL_MS));
  const timer = setInterval(verify, s.AUDIT_VERIFY_INTERVAL_MS);
  return {
    checks: { nats: natsReady(nc) },
    readyInfo: { chain: chainer.names.chainStream, audit: chainer.names.auditStream, verifyEveryMs: s.AUDIT_VERIFY_INTERVAL_MS, witnesses: Object.keys(witnesses).length },
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await chainer.stop();
      await running;
      await bus?.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
    },
  };
});
