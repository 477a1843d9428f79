import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ERASED, type NewEvent, type PersonalDataPolicy, type PersonalField } from '@guildhall/kernel';
import { z } from 'zod';

/** The policy's types live in the kernel, so each context declares its own next to its events without importing infrastructure. */
export { ERASED, type PersonalDataPolicy, type PersonalField };

/** A personal field as stored: AES-256-GCM under the member's key, bound to the event and path. */
export const SealedFieldSchema = z.object({
  $pd: z.literal(1),
  /** The key's id in the member key store: `<guildId>/<memberId>` or `<guildId>/<memberId>/<yyyy-mm-dd>`. */
  k: z.string().min(1),
  /** `s`: the value was a string (reads as ERASED once shredded); `j`: any other JSON. */
  t: z.enum(['s', 'j']),
  iv: z.string(),
  ct: z.string(),
  tag: z.string(),
});
export type SealedField = z.infer<typeof SealedFieldSchema>;

const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

const set = (o: unknown, path: string, value: unknown): unknown => {
  const [head, ...rest] = path.split('.');
  if (o === null || typeof o !== 'object' || head === undefined) return o;
  const copy: Record<string, unknown> = Array.isArray(o) ? ([...o] as unknown as Record<string, unknown>) : { ...(o as Record<string, unknown>) };
  copy[head] = rest.length === 0 ? value : set(copy[head], rest.join('.'), value);
  return copy;
};

export const keyIdOf = (guildId: string, memberId: string, field: PersonalField, occurredAt: string): string =>
  field.scope === 'day' ? `${guildId}/${memberId}/${occurredAt.slice(0, 10)}` : `${guildId}/${memberId}`;

const aad = (eventId: string, path: string) => Buffer.from(`${eventId}\n${path}`);

export const encryptField = (key: Buffer, keyId: string, eventId: string, path: string, value: unknown): SealedField => {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(eventId, path));
  const ct = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
  return { $pd: 1, k: keyId, t: typeof value === 'string' ? 's' : 'j', iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
};

export const decryptField = (key: Buffer, eventId: string, path: string, f: SealedField): unknown => {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(f.iv, 'base64'));
  d.setAAD(aad(eventId, path));
  d.setAuthTag(Buffer.from(f.tag, 'base64'));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(f.ct, 'base64')), d.final()]).toString('utf8')) as unknown;
};

/** The personal fields of one event that hold a value (a field whose member id is missing stays as it is). */
export const personalFieldsOf = (policy: PersonalDataPolicy, e: Pick<NewEvent, 'type' | 'payload' | 'guildId' | 'occurredAt'>) =>
  (policy[e.type] ?? []).flatMap((f) => {
    const member = get(e.payload, f.member);
    const value = get(e.payload, f.path);
    if (typeof member !== 'string' || value === undefined || value === null) return [];
    return [{ field: f, keyId: keyIdOf(e.guildId, member, f, e.occurredAt), value }];
  });

export const readPath = get;
export const writePath = set;
