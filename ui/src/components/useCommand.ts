import { useState } from 'react';
import { ApiError, sendCommand, type CommandResponse } from '../api/client.js';
import { newKey } from './bits.js';

export type CommandState =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'done'; response: CommandResponse }
  | { phase: 'error'; error: unknown };

/**
 * Sends one command per submission. The idempotency key lives until the answer is a decision,
 * so pressing the button again after a network error resends the same command, not a second one.
 */
export const useCommand = (guildId: string, context: string) => {
  const [state, setState] = useState<CommandState>({ phase: 'idle' });
  const [key, setKey] = useState(newKey);
  const send = async (type: string, payload: unknown): Promise<CommandResponse | undefined> => {
    setState({ phase: 'sending' });
    try {
      const response = await sendCommand(guildId, context, type, payload, key);
      setState({ phase: 'done', response });
      if (response.status !== 'pending') setKey(newKey());
      return response;
    } catch (error) {
      setState({ phase: 'error', error });
      // Bad input was refused before anything was sent: the next try is a new command.
      if (error instanceof ApiError && error.status < 500) setKey(newKey());
      return undefined;
    }
  };
  return { state, send, reset: () => setState({ phase: 'idle' }) };
};
