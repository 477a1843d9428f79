import type { Command, DomainEvent } from './messages.js';

/**
 * A pure decision model: `decide` turns a command and the current state into events
 * (or throws a DomainError), `evolve` folds an event into the state. No I/O in either.
 */
export type Decider<State, C extends Command, E extends DomainEvent> = Readonly<{
  decide: (command: C, state: State) => readonly E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;

/** Folds events over the decider's initial state. */
export const fold = <State, E extends DomainEvent>(
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  events: Iterable<E>,
): State => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
