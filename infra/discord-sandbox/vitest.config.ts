import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // discord.js waits 1–5 s (random) before identifying again after op 9: allow for it.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
