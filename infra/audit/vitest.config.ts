import { defineConfig } from 'vitest/config';

// Several tests run the CLIs as child processes (tsx start-up takes seconds on a busy machine).
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 30_000 } });
