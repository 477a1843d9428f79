import type { AutomationDeps, AutomationPart, RunningPart } from './automation-part.js';
import { automationParts } from './parts.js';

/** Starts the parts in order (each with its own log name); stopping stops them in the reverse order. */
export const startAutomationParts = async (deps: AutomationDeps, parts: readonly AutomationPart[] = automationParts): Promise<RunningPart> => {
  const running: RunningPart[] = [];
  try {
    for (const part of parts) running.push(await part.start({ ...deps, logger: deps.logger.child({ part: part.name }) }));
  } catch (e) {
    for (const r of [...running].reverse()) await r.stop().catch(() => undefined);
    throw e;
  }
  return {
    stop: async () => {
      for (const r of [...running].reverse()) await r.stop();
    },
  };
};
