import { DomainError, ErrorCodes } from '@guildhall/kernel';
import type { CommandHandlerFn } from './command-consumer.js';

/**
 * One handler for a context made of several (e.g. one per aggregate), chosen by command type.
 * An unrouted type is a DomainError UNKNOWN_COMMAND, which the bus records as a rejection.
 */
export const routeCommands =
  (routes: Readonly<Record<string, CommandHandlerFn>>): CommandHandlerFn =>
  async (envelope) => {
    const handler = Object.hasOwn(routes, envelope.type) ? routes[envelope.type] : undefined;
    if (!handler) {
      throw new DomainError(ErrorCodes.UNKNOWN_COMMAND, `no handler for command type ${envelope.type}`, {
        type: envelope.type,
        known: Object.keys(routes),
      });
    }
    return handler(envelope);
  };
