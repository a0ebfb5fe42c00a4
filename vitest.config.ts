import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) builds. Node resolves the dependencies
    // (Pothos, yoga) to the CJS one while Vite would pick the ESM one for our sources,
    // and two graphql instances reject each other's types. Use Node's choice everywhere.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start loopback servers; keep them off each other's ports and clocks.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
