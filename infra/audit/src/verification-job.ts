import {
  auditNames,
  subjects,
  verificationRecordOf,
  verifyStore,
  type AuditSecret,
  type EventStore,
  type VerificationRecord,
  type VerifyReport,
} from '@guildhall/eventing';
import { guildToken } from '@guildhall/eventing';
import { newId } from '@guildhall/kernel';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';

export const AUDIT_VERIFICATION_FAILED = 'AUDIT_VERIFICATION_FAILED';

export type VerificationJobDeps = Readonly<{
  nc: NatsConnection;
  store: EventStore;
  streamName: string;
  subjectPrefix: string;
  secret: AuditSecret;
  logger: Logger;
}>;

/**
 * One run of the scheduled verification: verify the whole store, store the result (the
 * dashboard's "verified up to"), and on a failure raise the alert: an error log with the stable
 * code AUDIT_VERIFICATION_FAILED, and an `AuditVerificationFailed` event in each guild whose state
 * turned red (`AuditVerificationRestored` when it turns green again).
 */
export const runVerification = async (deps: VerificationJobDeps, previous: VerificationRecord | undefined): Promise<{ report: VerifyReport; record: VerificationRecord }> => {
  const names = auditNames(deps.streamName, deps.subjectPrefix);
  const report = await verifyStore(deps.nc, { streamName: deps.streamName, subjectPrefix: deps.subjectPrefix, secret: deps.secret });
  const record = verificationRecordOf(report);
  await jetstream(deps.nc).publish(subjects.verification(names, 'all'), JSON.stringify(record));
  if (report.ok) {
    deps.logger.info({ events: report.events, upToPosition: report.upToPosition, pending: report.pending }, 'audit chain verified');
  } else {
    deps.logger.error({ code: AUDIT_VERIFICATION_FAILED, problems: report.problems.length, first: report.problems[0] }, 'audit chain verification failed');
  }
  const guilds = new Set([...Object.keys(record.guilds), ...Object.keys(previous?.guilds ?? {})]);
  for (const g of guilds) {
    const now = record.guilds[g];
    const before = previous?.guilds[g];
    const wasOk = before?.ok ?? true;
    const isOk = now?.ok ?? true;
    if (wasOk === isOk) continue;
    const firstProblem = report.problems.find((p) => p.guildId === g);
    await deps.store.append(
      `audit.verification.${guildToken(g)}`,
      [
        {
          id: newId(),
          type: isOk ? 'AuditVerificationRestored' : 'AuditVerificationFailed',
          schemaVersion: 1,
          occurredAt: record.at,
          guildId: g,
          actor: { kind: 'system', id: 'audit', name: 'Guildhall audit' },
          source: 'scheduler',
          correlationId: newId(),
          causationId: null,
          payload: { problems: now?.problems ?? 0, upToPosition: now?.upToPosition ?? 0, first: firstProblem ? { ...firstProblem } : null },
        },
      ],
      'any',
    );
  }
  return { report, record };
};
