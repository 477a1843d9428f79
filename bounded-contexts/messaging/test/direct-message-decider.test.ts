import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { directMessageDecider, directMessageSlice, type DirectMessageEvent } from '../src/index.js';
import { envelopeOf, NOW, ANN } from './fixtures.js';

const spec = DeciderSpecification.for(directMessageDecider);
const USER = '300000000000000001';
const cmd = (type: 'SendDirectMessage' | 'RecordDirectMessageSent' | 'RecordDirectMessageFailed', payload: Record<string, unknown>) =>
  directMessageSlice.toCommand(envelopeOf(type, payload as never, 'dm-1'));
const requested: DirectMessageEvent = { type: 'DirectMessageRequested', data: { requestId: 'dm-1', userId: USER, content: 'You were timed out.', requestedBy: ANN, requestedAt: NOW } };

describe('direct message decider', () => {
  it('given nothing, when a DM is asked for, then it is requested; asked again, nothing new', () => {
    spec.given([]).when(cmd('SendDirectMessage', { userId: USER, content: ' You were timed out. ' })).then([requested]);
    spec.given([requested]).when(cmd('SendDirectMessage', { userId: USER, content: 'You were timed out.' })).then([]);
  });

  it('records Discord\'s DM channel and message once; a failure after a success is refused', () => {
    const sent: DirectMessageEvent = { type: 'DirectMessageSent', data: { requestId: 'dm-1', userId: USER, channelId: '700', messageId: '701', sentAt: NOW } };
    spec.given([requested]).when(cmd('RecordDirectMessageSent', { requestId: 'dm-1', channelId: '700', messageId: '701' })).then([sent]);
    spec.given([requested, sent]).when(cmd('RecordDirectMessageSent', { requestId: 'dm-1', channelId: '700', messageId: '701' })).then([]);
    spec.given([requested, sent]).when(cmd('RecordDirectMessageFailed', { requestId: 'dm-1', reason: 'closed' })).thenRejects('MESSAGE_ALREADY_SETTLED');
  });

  it('refuses an empty DM at the schema and an outcome of no request', () => {
    spec.given([]).when(cmd('RecordDirectMessageFailed', { requestId: 'dm-1', discordErrorCode: 50007, reason: 'closed DMs' })).thenRejects('MESSAGE_NOT_FOUND');
    expect(() => cmd('SendDirectMessage', { userId: USER, content: '   ' })).toThrow(/payload.content: must not be empty/);
  });
});
