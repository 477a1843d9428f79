import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start the sandbox, a bot and NATS consumers: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One file at a time: each starts its own sandbox and bots on a 2-core machine.
    fileParallelism: false,
  },
});
