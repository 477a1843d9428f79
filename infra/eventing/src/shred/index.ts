export * from './personal-data.js';
export * from './member-keys.js';
export * from './shredding-event-store.js';
export * from './personal-data-store.js';
