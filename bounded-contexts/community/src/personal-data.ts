import type { PersonalDataPolicy, PersonalField } from '@guildhall/kernel';

/** A Discord user's names (its id stays readable, so the member's history does). */
const userNames = (at: string): PersonalField[] => [
  { path: `${at}.username`, member: `${at}.id` },
  { path: `${at}.globalName`, member: `${at}.id` },
];
/** Message content is keyed per author and per day: per-guild retention shreds old days. */
const content = (path: string): PersonalField => ({ path, member: 'author.id', scope: 'day' });

/**
 * Community's personal data: members' names and nicknames, and what their messages said.
 * Content of a message whose author the gateway did not know has no member to key it by and
 * stays as it is.
 */
export const communityPersonalData: PersonalDataPolicy = {
  MemberJoined: [...userNames('user'), { path: 'nickname', member: 'user.id' }],
  MemberLeft: userNames('user'),
  MemberRolesChanged: userNames('user'),
  MemberNicknameChanged: [...userNames('user'), { path: 'before', member: 'user.id' }, { path: 'after', member: 'user.id' }],
  MessageEdited: [...userNames('author'), content('before'), content('after')],
  MessageDeleted: [...userNames('author'), content('content')],
  MessagePosted: [...userNames('author'), content('content')],
};
