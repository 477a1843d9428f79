import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { communitySlices, postedMessageDecider, postedMessageStreamId, streamIdOf, type PostedMessageEvent } from '../src/index.js';
import { alice, envelopeOf, GUILD } from './fixtures.js';

const spec = DeciderSpecification.for(postedMessageDecider);
const input = { messageId: '700000000000000001', channelId: '800000000000000001', author: alice, content: 'join discord.gg/abc', createdAt: '2026-03-01T11:59:59.000Z', mentionedUserIds: ['300000000000000002'] };
const fact = (over: Partial<typeof input> = {}) => communitySlices.postedMessage.toCommand(envelopeOf('RecordMessagePosted', { ...input, ...over }));
const posted = (over: Partial<typeof input> = {}): PostedMessageEvent => ({
  type: 'MessagePosted',
  data: { ...input, ...over, mentionedRoleIds: [], mentionsEveryone: false, attachmentCount: 0, embedCount: 0, replyToMessageId: null, mentionedUserIds: ['300000000000000002'] },
});

describe('RecordMessagePosted', () => {
  it('records the message with its defaults filled in', () => {
    spec.given([]).when(fact()).then([posted()]);
  });
  it('the same message again (a fact replayed after the dedupe window) records nothing', () => {
    spec.given([posted()]).when(fact()).then([]);
  });
  it('another message of the same channel-hour is recorded', () => {
    spec.given([posted()]).when(fact({ messageId: '700000000000000002' })).then([posted({ messageId: '700000000000000002' })]);
  });
  it('keeps no content when none was captured', () => {
    const c = communitySlices.postedMessage.toCommand(envelopeOf('RecordMessagePosted', { ...input, content: null }));
    spec.given([]).when(c).then([posted({ content: null } as never)]);
  });
  it('goes to the channel-hour stream of its creation time', () => {
    expect(streamIdOf(fact())).toBe(postedMessageStreamId(GUILD, input.channelId, input.createdAt));
    expect(streamIdOf(fact())).toBe(`community.channel-hour.${GUILD}-${input.channelId}-2026030111`);
  });
  it('refuses a bad author id, naming the field', () => {
    expect(() => fact({ author: { ...alice, id: 'x' } })).toThrow(/payload\.author\.id/);
  });
});
