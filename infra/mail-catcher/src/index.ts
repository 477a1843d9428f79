export * from './smtp-catcher.js';
export * from './mail-page.js';
