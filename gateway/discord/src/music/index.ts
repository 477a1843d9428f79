export * from './library/index.js';
export * from './player/index.js';
