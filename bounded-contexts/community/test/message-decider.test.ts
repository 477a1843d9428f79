import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { type MessageEvent, messageDecider } from '../src/index.js';
import { NOW, alice, messageFact } from './fixtures.js';

const spec = DeciderSpecification.for(messageDecider);
const ids = { messageId: '700000000000000001', channelId: '800000000000000001' };
const edited = (before: string | null, after: string, editedAt = '2026-03-01T11:00:00.000Z'): MessageEvent => ({
  type: 'MessageEdited',
  data: { ...ids, author: alice, before, after, editedAt },
});

describe('RecordMessageEdited', () => {
  const fact = messageFact('RecordMessageEdited', { ...ids, author: alice, before: 'helo', after: 'hello', editedAt: '2026-03-01T11:00:00.000Z' });
  it('records before and after', () => {
    spec.given([]).when(fact).then([edited('helo', 'hello')]);
  });
  it('the same edit twice records nothing', () => {
    spec.given([edited('helo', 'hello')]).when(fact).then([]);
  });
  it('takes "before" from the last edit when the gateway had no cached copy', () => {
    spec
      .given([edited('helo', 'hello')])
      .when(messageFact('RecordMessageEdited', { ...ids, after: 'hello!', editedAt: '2026-03-01T11:05:00.000Z' }))
      .then([edited('hello', 'hello!', '2026-03-01T11:05:00.000Z')]);
  });
  it('an update that leaves the text unchanged (link unfurl) records nothing', () => {
    spec.given([edited('helo', 'hello')]).when(messageFact('RecordMessageEdited', { ...ids, after: 'hello', editedAt: '2026-03-01T11:06:00.000Z' })).then([]);
  });
  it('an edit after the delete records nothing', () => {
    spec
      .given([{ type: 'MessageDeleted', data: { ...ids, author: alice, content: 'x', deletedAt: NOW } }])
      .when(fact)
      .then([]);
  });
  it('refuses content longer than Discord allows', () => {
    expect(() => messageFact('RecordMessageEdited', { ...ids, after: 'x'.repeat(4001), editedAt: NOW })).toThrow(/payload\.after/);
  });
});

describe('RecordMessageDeleted', () => {
  it('keeps the cached content for moderators', () => {
    spec.given([]).when(messageFact('RecordMessageDeleted', { ...ids, author: alice, content: 'buy cheap nitro' })).then([
      { type: 'MessageDeleted', data: { ...ids, author: alice, content: 'buy cheap nitro', deletedAt: NOW } },
    ]);
  });
  it('falls back on the last recorded content and author when the gateway had none', () => {
    spec.given([edited('helo', 'hello')]).when(messageFact('RecordMessageDeleted', ids)).then([
      { type: 'MessageDeleted', data: { ...ids, author: alice, content: 'hello', deletedAt: NOW } },
    ]);
  });
  it('unknown content stays null; a second delete records nothing', () => {
    spec.given([]).when(messageFact('RecordMessageDeleted', ids)).then([{ type: 'MessageDeleted', data: { ...ids, author: null, content: null, deletedAt: NOW } }]);
    spec.given([{ type: 'MessageDeleted', data: { ...ids, author: null, content: null, deletedAt: NOW } }]).when(messageFact('RecordMessageDeleted', ids)).then([]);
  });
});
