import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app (src/web) is built into dist/web, which the server serves.
// In development `npm run dev:web` proxies the API to a server started on port 3000.
const apiTarget = process.env.MILEWIDE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
});
