import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev -w @guildhall/ui` proxies the API to the gateway on :8080; `build` writes dist/ for it to serve. */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/auth': 'http://localhost:8080' },
  },
});
