/**
 * Where the audit data of one event store lives, derived from the events stream's names so each
 * install (and each test) gets its own: `<EVENTS>_CHAIN` on `<prefix>_chain.>` (chain links, one
 * writer: the chainer) and `<EVENTS>_AUDIT` on `<prefix>_audit.>` (guild public keys, signed
 * checkpoints, verification results).
 */
export type AuditNames = Readonly<{
  eventsStream: string;
  eventsPrefix: string;
  chainStream: string;
  chainPrefix: string;
  auditStream: string;
  auditPrefix: string;
}>;

export const auditNames = (eventsStream: string, eventsPrefix: string): AuditNames => ({
  eventsStream,
  eventsPrefix,
  chainStream: `${eventsStream}_CHAIN`,
  chainPrefix: `${eventsPrefix}_chain`,
  auditStream: `${eventsStream}_AUDIT`,
  auditPrefix: `${eventsPrefix}_audit`,
});

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** A guild id as one subject token (snowflakes pass as they are; anything else is hex-encoded). */
export const guildToken = (guildId: string): string => (TOKEN.test(guildId) ? guildId : `x${Buffer.from(guildId).toString('hex')}`);

export const subjects = {
  links: (n: AuditNames) => `${n.chainPrefix}.links`,
  genesis: (n: AuditNames) => `${n.chainPrefix}.genesis`,
  key: (n: AuditNames, guildId: string) => `${n.auditPrefix}.key.${guildToken(guildId)}`,
  checkpoint: (n: AuditNames, guildId: string) => `${n.auditPrefix}.ckpt.${guildToken(guildId)}`,
  verification: (n: AuditNames, scope: string) => `${n.auditPrefix}.verify.${guildToken(scope)}`,
};
