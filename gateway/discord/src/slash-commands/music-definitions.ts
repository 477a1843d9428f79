import { SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

/** The music slash commands: anyone may see them; the guild's music rules decide who may do what. */
export const MUSIC_COMMANDS = ['play', 'skip', 'previous', 'pause', 'resume', 'stop', 'queue', 'nowplaying', 'volume', 'seek', 'loop', 'shuffle', 'remove', 'move', 'playlist'] as const;
export type MusicCommandName = (typeof MUSIC_COMMANDS)[number];
export const isMusicCommandName = (name: string): name is MusicCommandName => (MUSIC_COMMANDS as readonly string[]).includes(name);

const base = (name: MusicCommandName, description: string) => new SlashCommandBuilder().setName(name).setDescription(description).setContexts(0);

export const musicCommandDefinitions = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] => [
  base('play', 'Play a track from the library, or an audio file URL').addStringOption((o) =>
    o.setName('query').setDescription('Words of the title or artist, or an http(s) URL of an audio file').setRequired(true).setMaxLength(500),
  ),
  base('skip', 'Skip the current track (or vote to skip it)'),
  base('previous', 'Play the previous track again'),
  base('pause', 'Pause the music'),
  base('resume', 'Resume the music'),
  base('stop', 'Stop the music and clear the queue'),
  base('queue', 'Show the queue'),
  base('nowplaying', 'Show what is playing'),
  base('volume', 'Set the volume').addIntegerOption((o) => o.setName('level').setDescription('Percent, 0-200 (100 = as recorded)').setMinValue(0).setMaxValue(200).setRequired(true)),
  base('seek', 'Jump within the current track').addStringOption((o) => o.setName('position').setDescription('Where: 1:30, 90 or 1m30s').setRequired(true).setMaxLength(12)),
  base('loop', 'Loop the track, the queue, or nothing').addStringOption((o) =>
    o.setName('mode').setDescription('What to loop').setRequired(true).addChoices({ name: 'off', value: 'off' }, { name: 'track', value: 'track' }, { name: 'queue', value: 'queue' }),
  ),
  base('shuffle', 'Shuffle the queue'),
  base('remove', 'Remove a track from the queue').addIntegerOption((o) => o.setName('position').setDescription('Its position in /queue').setMinValue(1).setMaxValue(1000).setRequired(true)),
  base('move', 'Move a track in the queue')
    .addIntegerOption((o) => o.setName('from').setDescription('Its position now').setMinValue(1).setMaxValue(1000).setRequired(true))
    .addIntegerOption((o) => o.setName('to').setDescription('Its new position').setMinValue(1).setMaxValue(1000).setRequired(true)),
  new SlashCommandBuilder()
    .setName('playlist')
    .setDescription('Save the queue as a playlist, or load one')
    .setContexts(0)
    .addSubcommand((s) => s.setName('save').setDescription('Save the queue (now playing first)').addStringOption((o) => o.setName('name').setDescription('Playlist name').setRequired(true).setMaxLength(100)))
    .addSubcommand((s) => s.setName('load').setDescription('Queue a saved playlist').addStringOption((o) => o.setName('name').setDescription('Playlist name').setRequired(true).setMaxLength(100))),
].map((b) => b.toJSON());
