import type { DispatchBus } from './dispatch.js';
import type { WorldState } from './state.js';

/**
 * What every action, route and the simulator share. `world` is swapped on reset, so read it
 * at call time (ctx.world), never keep a copy.
 */
export interface WorldContext {
  world: WorldState;
  readonly bus: DispatchBus;
}
