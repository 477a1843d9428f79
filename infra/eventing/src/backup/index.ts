export * from './backup-format.js';
export * from './backup.js';
export * from './restore.js';
