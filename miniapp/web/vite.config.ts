import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The api role serves the built app under /app/ (the bots' MINIAPP_URL points there), so every asset URL
// carries that base. Run from the repo root (`npm run build:web`): root is this folder either way.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  // `vite --config miniapp/web/vite.config.ts` next to a local api role on its default port.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
