export * from './parse.js';
export * from './check.js';
export * from './render.js';
