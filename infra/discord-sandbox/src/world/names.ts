/** Word lists for seeded users, guilds and simulated chatter. */
export const ADJECTIVES = [
  'amber', 'brisk', 'calm', 'dusky', 'eager', 'fuzzy', 'gentle', 'hazy', 'icy', 'jolly', 'keen', 'lucky',
  'mellow', 'nimble', 'odd', 'plucky', 'quiet', 'rusty', 'sunny', 'tidy', 'urban', 'vivid', 'witty', 'young',
  'zesty', 'bold', 'cosmic', 'daring', 'elder', 'frosty', 'golden', 'hidden', 'lunar', 'misty', 'noble', 'silver',
] as const;

export const NOUNS = [
  'fox', 'otter', 'badger', 'heron', 'lynx', 'maple', 'comet', 'falcon', 'willow', 'raven', 'pebble', 'cedar',
  'panda', 'tiger', 'sparrow', 'wolf', 'moth', 'river', 'harbor', 'ember', 'thistle', 'pine', 'quartz', 'meadow',
  'gecko', 'koala', 'owl', 'bison', 'squid', 'lark', 'fern', 'storm', 'dune', 'brook', 'yak', 'crane',
] as const;

export const GAMES = [
  'Minecraft', 'Stardew Valley', 'Rocket League', 'Factorio', 'Celeste', 'Hades II', 'Terraria', 'Chess',
  'Among Us', 'Slay the Spire', 'Baldur’s Gate 3', 'Outer Wilds',
] as const;

export const CHATTER = [
  'hey everyone!', 'good morning 👋', 'anyone up for a game later?', 'lol', 'that patch was wild',
  'has anyone tried the new update?', 'brb', 'I finally finished my project', 'what are you all listening to?',
  'gg', 'is the event still on for saturday?', 'thanks for the help earlier', 'welcome!', 'same here',
  'check out this build', 'the docs are confusing on this one', 'coffee time ☕', 'nice', 'agreed',
  'can a mod pin the schedule?', 'who wants to pair on this?', 'my cat just walked over my keyboard',
  'that is a great idea', 'I can help with that', 'any recommendations for a new book?', 'see you tomorrow',
] as const;

export const SPAM = [
  'FREE NITRO click here http://disc0rd-gift.example', 'buy cheap followers!!! dm me', 'aaaaaaaaaaaaaaaaaaaaaaaaa',
  '@everyone check my channel', 'JOIN MY SERVER discord.gg/spam',
] as const;

export const BAN_REASONS = ['Spam', 'Harassment', 'Raid account', 'Repeated rule violations', 'Scam links'] as const;
export const TIMEOUT_REASONS = ['Cool down', 'Off-topic flooding', 'Heated argument', 'Caps spam'] as const;
