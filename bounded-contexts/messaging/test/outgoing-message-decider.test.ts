import { DeciderSpecification, DomainError } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { type Embed, type OutgoingMessageEvent, outgoingMessageDecider, parseMessagingEvent, streamIdOf } from '../src/index.js';
import { ANN, CHANNEL, GUILD, NOW, command } from './fixtures.js';

const spec = DeciderSpecification.for(outgoingMessageDecider);
const embed = (over: Partial<Embed> = {}): Embed => ({
  title: null, description: null, url: null, color: null, timestamp: null, fields: [], footer: null, author: null,
  imageUrl: null, thumbnailUrl: null, ...over,
});
const requested = (over: Partial<Extract<OutgoingMessageEvent, { type: 'MessageSendRequested' }>['data']> = {}): OutgoingMessageEvent => ({
  type: 'MessageSendRequested',
  data: {
    requestId: 'send-1', channelId: CHANNEL, content: 'hello', embeds: [], replyToMessageId: null,
    allowedMentions: { everyone: false, roles: false, users: true }, requestedBy: ANN, requestedAt: NOW, ...over,
  },
});
const sent: OutgoingMessageEvent = { type: 'MessageSent', data: { requestId: 'send-1', channelId: CHANNEL, messageId: '900000000000000001', sentAt: NOW } };
const failedEvent: OutgoingMessageEvent = {
  type: 'MessageSendFailed',
  data: { requestId: 'send-1', channelId: CHANNEL, discordErrorCode: 50001, httpStatus: 403, reason: 'Missing Access', failedAt: NOW },
};

const invalidField = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'INVALID_COMMAND') return e.details['field'];
    throw e;
  }
  throw new Error('expected INVALID_COMMAND');
};

describe('SendMessage', () => {
  it('requests the message, mass mentions off by default', () => {
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL, content: 'hello' })).then([requested()]);
  });
  it('sends an embed-only message', () => {
    const e = embed({ title: 'Rules', description: 'Be nice', fields: [{ name: '1', value: 'No spam', inline: false }] });
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL, embeds: [{ title: 'Rules', description: 'Be nice', fields: [{ name: '1', value: 'No spam' }] }] })).then([
      requested({ content: null, embeds: [e] }),
    ]);
  });
  it('is idempotent for a resent command', () => {
    spec.given([requested()]).when(command('SendMessage', { channelId: CHANNEL, content: 'hello' })).then([]);
  });
  it('MESSAGE_EMPTY without content or embeds (whitespace is no content)', () => {
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL })).thenRejects('MESSAGE_EMPTY');
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL, content: '  \n ' })).thenRejects('MESSAGE_EMPTY');
  });
  it('EMBED_EMPTY for an embed with nothing to show', () => {
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL, content: 'x', embeds: [{ title: 'ok' }, { color: 0xff0000 }] })).thenRejects('EMBED_EMPTY');
  });
  it('EMBEDS_TOO_LONG past 6000 characters over all embeds', () => {
    const big = { description: 'x'.repeat(4000) };
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL, embeds: [big, { ...big, description: 'y'.repeat(2000) }] })).then((e) => expect(e).toHaveLength(1));
    spec.given([]).when(command('SendMessage', { channelId: CHANNEL, embeds: [big, { ...big, description: 'y'.repeat(2001) }] })).thenRejects('EMBEDS_TOO_LONG');
  });
  it('refuses each field past Discord’s limit, naming it', () => {
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, content: 'x'.repeat(2001) }))).toBe('payload.content');
    expect(command('SendMessage', { channelId: CHANNEL, content: 'x'.repeat(2000) }).data.content).toHaveLength(2000);
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }))).toBe('payload.embeds');
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ title: 't'.repeat(257) }] }))).toBe('payload.embeds[0].title');
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ description: 'd'.repeat(4097) }] }))).toBe('payload.embeds[0].description');
    const fields = Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' }));
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ fields }] }))).toBe('payload.embeds[0].fields');
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }))).toBe(
      'payload.embeds[0].fields[0].value',
    );
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ title: 't', footer: { text: 'f'.repeat(2049) } }] }))).toBe(
      'payload.embeds[0].footer.text',
    );
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ title: 't', url: 'ftp://x' }] }))).toBe('payload.embeds[0].url');
    expect(invalidField(() => command('SendMessage', { channelId: CHANNEL, embeds: [{ title: 't', color: 0x1000000 }] }))).toBe('payload.embeds[0].color');
    expect(invalidField(() => command('SendMessage', { channelId: 'general', content: 'x' }))).toBe('payload.channelId');
  });
});

describe('outcomes', () => {
  const ok = command('RecordMessageSent', { requestId: 'send-1', messageId: '900000000000000001' });
  const failed = command('RecordMessageSendFailed', { requestId: 'send-1', discordErrorCode: 50001, httpStatus: 403, reason: 'Missing Access' });
  it('records the Discord message id', () => {
    spec.given([requested()]).when(ok).then([sent]);
  });
  it('records a failure with Discord’s code and a human reason', () => {
    spec.given([requested()]).when(failed).then([failedEvent]);
  });
  it('is idempotent and refuses a contradicting outcome', () => {
    spec.given([requested(), sent]).when(ok).then([]);
    spec.given([requested(), failedEvent]).when(failed).then([]);
    spec.given([requested(), sent]).when(failed).thenRejects('MESSAGE_ALREADY_SETTLED');
    spec.given([requested(), failedEvent]).when(ok).thenRejects('MESSAGE_ALREADY_SETTLED');
    spec.given([requested(), sent]).when(command('RecordMessageSent', { requestId: 'send-1', messageId: '900000000000000002' })).thenRejects('MESSAGE_ALREADY_SETTLED');
  });
  it('MESSAGE_NOT_FOUND for an unknown request', () => {
    spec.given([]).when(ok).thenRejects('MESSAGE_NOT_FOUND');
  });
});

describe('routing and event schemas', () => {
  it('one stream per request', () => {
    expect(streamIdOf(command('SendMessage', { channelId: CHANNEL, content: 'x' }, 'abc'))).toBe(`messaging.outgoing.${GUILD}-abc`);
    expect(streamIdOf(command('RecordMessageSent', { requestId: 'abc', messageId: '1' }))).toBe(`messaging.outgoing.${GUILD}-abc`);
  });
  it('events parse back unchanged', () => {
    const e = embed({ title: 't', fields: [{ name: 'n', value: 'v', inline: true }], footer: { text: 'f', iconUrl: null } });
    for (const event of [requested({ embeds: [e] }), sent, failedEvent]) {
      expect(parseMessagingEvent({ type: event.type, payload: JSON.parse(JSON.stringify(event.data)), streamId: 's', version: 1 })).toEqual(event);
    }
  });
});
