import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev -w @guildhall/ui` proxies the API to the gateway on :8080; `build` writes dist/ for it to serve. */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      treeshake: {
        // The bounded contexts' modules only declare (schemas, deciders, constants; none is imported
        // for an effect), as the kernel's package.json already says. Without this the bundler keeps
        // every module a context's barrel re-exports, with their top-level calls (`deciderSlice(...)`):
        // a constant from @guildhall/moderation brought all its deciders into the first download.
        moduleSideEffects: [{ test: /\/bounded-contexts\/[^/]+\/src\//, sideEffects: false }],
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/auth': 'http://localhost:8080' },
  },
});
