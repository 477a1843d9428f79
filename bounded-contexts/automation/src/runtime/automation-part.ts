import type { CommandHandlerFn, ContextRuntimeDeps } from '@guildhall/eventing';

/** What the automation service hands each of its parts (scheduler, automod, workflows …). */
export type AutomationDeps = ContextRuntimeDeps & Readonly<{
  /** The bot's facts stream (message-posted workflows); absent: those triggers are off (a test stack without the bot's facts). */
  discordFacts?: Readonly<{ streamName: string; subjectPrefix: string }>;
  /** The `cmd.automation.*` handler in this process: a part may decide its own commands locally. */
  handle: CommandHandlerFn;
}>;

export type RunningPart = Readonly<{ stop: () => Promise<void> }>;

/** One moving part of the automation service: a reactor, a scheduler, a projection runner. */
export type AutomationPart = Readonly<{
  name: string;
  start: (deps: AutomationDeps) => Promise<RunningPart>;
}>;
