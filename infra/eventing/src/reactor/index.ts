export * from './reactor.js';
export * from './batch-reactor.js';
export * from './consumer.js';
export * from './dead-letter.js';
export * from './keyed-queue.js';
export * from './semaphore.js';
