import type { Checkpoint } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';

/**
 * The bot's post of a signed checkpoint in the guild's staff channel (messaging's SendMessage):
 * an outside witness. Once Discord holds the head hash and signature, rewriting the store's
 * history (and re-signing it) no longer matches what the guild saw.
 */
export const witnessCommand = (c: Checkpoint, channelId: string, now: Date = new Date()): CommandEnvelope => {
  const id = deterministicId('audit-witness', c.guildId, c.links, c.head);
  return {
    id,
    type: 'SendMessage',
    issuedAt: now.toISOString(),
    guildId: c.guildId,
    actor: { kind: 'system', id: 'audit', name: 'Guildhall audit' },
    source: 'scheduler',
    correlationId: id,
    causationId: null,
    payload: {
      channelId,
      content: [
        `**Audit checkpoint** — ${c.links} commits (${c.events} events) up to position ${c.position}, ${c.at}`,
        `head \`${c.head}\``,
        `key \`${c.keyId}\` signature \`${c.signature}\``,
      ].join('\n'),
      allowedMentions: { everyone: false, roles: false, users: false },
    },
  };
};
