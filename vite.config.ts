import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative base so the built page works from any static host path (and from file servers in tests).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // bench.html is the benchmark page that `npm run bench -- --browser` drives.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  server: { host: '127.0.0.1' },
});
