import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The platform serves the built console from its classpath (META-INF/resources/console), so the
// pages and the /v1 API share one origin: no CORS, and the token never leaves that origin.
// `npm run dev` proxies /v1 to a platform started with `./warmstart run`.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '/v1': 'http://localhost:8080' },
  },
});
