import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative base so the built page works from any static host path (and from file servers in tests).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
});
