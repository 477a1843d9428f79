import { assertDeepEqual } from './deep-equal.js';
import type { Decider } from './decider.js';
import { fold } from './decider.js';
import { isDomainError } from './errors.js';
import type { Command, DomainEvent } from './messages.js';

/**
 * given/when/then for deciders, in the style of emmett's DeciderSpecification:
 *   spec.given([events]).when(command).then([events]) | .thenRejects('CODE')
 * Plain throws, so it works inside any test runner (and the kernel needs no Node built-ins).
 */
export const DeciderSpecification = {
  for<State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>) {
    return {
      given(events: readonly E[] = []) {
        return {
          when(command: C) {
            const run = (): readonly E[] => decider.decide(command, fold(decider, events));
            return {
              then(expected: readonly E[] | ((actual: readonly E[]) => void)): void {
                const actual = run();
                if (typeof expected === 'function') expected(actual);
                else assertDeepEqual(actual, expected, 'decided events differ');
              },
              thenRejects(code: string): void {
                let produced: readonly E[];
                try {
                  produced = run();
                } catch (e) {
                  if (!isDomainError(e)) throw e;
                  if (e.code !== code) throw new Error(`expected rejection ${code}, got ${e.code}: ${e.message}`);
                  return;
                }
                throw new Error(`expected rejection ${code}, but decide produced ${JSON.stringify(produced)}`);
              },
            };
          },
        };
      },
    };
  },
};
