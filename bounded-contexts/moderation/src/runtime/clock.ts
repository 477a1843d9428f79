/** Where the runtime reads the time. Injectable, so tests move time instead of waiting for it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
