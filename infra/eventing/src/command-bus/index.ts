export * from './command-bus.js';
export * from './command-bus-options.js';
export { settleLocally, type CommandConsumer, type CommandHandlerFn, type HandleOptions } from './command-consumer.js';
export * from './command-handler.js';
export * from './command-result.js';
export * from './command-router.js';
export { CommandDeadLetterSchema, type CommandDeadLetter } from './dead-letters.js';
export { commandSubject, resultKey } from './subjects.js';
export * from './slice-handler.js';
