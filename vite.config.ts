import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// base './' makes the static build work from any path (a course page, a sub-folder, file hosting).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 900 },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
