import { InfraError } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { decodeCommitMessage } from '../src/index.js';
import { assertProjectionName, lockKey, readModelSubject } from '../src/projection/projection-names.js';
import { countedEvent } from './projection-support.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeCommitMessage', () => {
  it('turns a commit into envelopes: streamId from the subject, version and position from the sequence', () => {
    const events = [countedEvent(1, 'g1'), countedEvent(2, 'g1')];
    const d = decodeCommitMessage({ seq: 42, subject: 'es.mod.case.c1', data: bytes(JSON.stringify({ commitId: 'k', events })) }, 'es');
    expect(d).toEqual({ ok: true, seq: 42, events: events.map((e) => ({ ...e, streamId: 'mod.case.c1', version: 42, position: 42 })) });
  });

  it.each([
    ['a subject outside the prefix', 'other.mod.case.c1', JSON.stringify({ commitId: 'k', events: [countedEvent(1, 'g')] }), /is not es\.<context>/],
    ['a subject with too few tokens', 'es.mod.case', JSON.stringify({ commitId: 'k', events: [countedEvent(1, 'g')] }), /is not es\.<context>/],
    ['bytes that are not UTF-8', 'es.a.b.c', '\u0000', /./],
    ['text that is not JSON', 'es.a.b.c', '{oops', /^not JSON/],
    ['a commit without events', 'es.a.b.c', JSON.stringify({ commitId: 'k', events: [] }), /^not a commit: events/],
    ['an event missing its actor', 'es.a.b.c', JSON.stringify({ commitId: 'k', events: [{ ...countedEvent(1, 'g'), actor: undefined }] }), /^not a commit: events\.0\.actor/],
  ])('reports %s as malformed, with the reason', (_what, subject, text, reason) => {
    const data = text === '\u0000' ? new Uint8Array([0xff, 0xfe, 0x00]) : bytes(text);
    const d = decodeCommitMessage({ seq: 7, subject, data }, 'es');
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.reason).toMatch(reason);
      expect(d).toMatchObject({ seq: 7, subject, raw: data });
    }
  });
});

describe('projection names', () => {
  it('accepts schema-safe names and refuses the rest with INVALID_PROJECTION', () => {
    expect(() => assertProjectionName('moderation_cases')).not.toThrow();
    for (const bad of ['', 'Cases', '1cases', 'a-b', 'a.b', 'a__b', 'x'.repeat(49)]) {
      expect(() => assertProjectionName(bad)).toThrow(InfraError);
    }
  });

  it('builds rm.<guildId>.<model> only from subject-safe guild ids', () => {
    expect(readModelSubject('123456789012345678', 'cases')).toBe('rm.123456789012345678.cases');
    expect(readModelSubject('a.b', 'cases')).toBeUndefined();
    expect(readModelSubject('*', 'cases')).toBeUndefined();
  });

  it('derives distinct, stable advisory lock keys per role and projection', () => {
    expect(lockKey('write', 'cases')).toEqual(lockKey('write', 'cases'));
    expect(lockKey('write', 'cases')).not.toEqual(lockKey('run', 'cases'));
    expect(lockKey('write', 'cases')).not.toEqual(lockKey('write', 'cases2'));
  });
});
