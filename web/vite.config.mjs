// Vite config for the Lookout web UI. `npm run build` writes web/dist, which
// `lookout serve` serves; `npm run dev` proxies /api (HTTP and WebSocket) to a
// node on 127.0.0.1:8080 (override with LOOKOUT_API=http://host:port).
import { defineConfig } from 'vite';

const api = process.env.LOOKOUT_API || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: api, changeOrigin: true, ws: true },
      '/metrics': { target: api, changeOrigin: true },
    },
  },
});
