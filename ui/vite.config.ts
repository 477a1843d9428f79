import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const shims = fileURLToPath(new URL('./src/shims/node-builtins.ts', import.meta.url));

/** `npm run dev -w @guildhall/ui` proxies the API to the gateway on :8080; `build` writes dist/ for it to serve. */
export default defineConfig({
  plugins: [react()],
  // The moderation context's pure root imports the kernel, which imports two Node built-ins it
  // only uses outside the replay path; see src/shims/node-builtins.ts.
  resolve: { alias: { 'node:crypto': shims, 'node:assert/strict': shims } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/auth': 'http://localhost:8080' },
  },
});
