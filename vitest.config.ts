import { defineConfig } from 'vitest/config';

// What every tier shares. Integration files each make their own database and Redis prefix, and each
// end-to-end file its own platform, so files may run side by side.
const shared = {
  pool: 'forks',
  testTimeout: 60_000,
  hookTimeout: 60_000,
  fileParallelism: true,
} as const;
const always = ['node_modules/**', 'dist/**', 'dist-bench/**', 'miniapp/web/**'];
// The Mini App's front end is a browser bundle; only its pure logic (src/**/*.test.ts, no DOM) runs here,
// in the unit tier. Its built files and anything else under it stay out.
const unitExclude = [...always.filter((glob) => glob !== 'miniapp/web/**'), 'miniapp/web/!(src)/**'];

// Three tiers, by file name and place: `npm run test:unit` needs nothing running, `test:int` needs Postgres
// and Redis, `test:e2e` starts the whole platform against them. `vitest run` (npm test) runs all three.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the CPUs: a single file at a time on a 2-CPU machine (CI's).
    // Most tests wait (on Postgres, Redis, Telegram's pacing in the emulator), not compute: three files side
    // by side took the suite from about nine minutes to under five here, with nothing flaking.
    maxWorkers: 3,
    projects: [
      { test: { ...shared, name: 'unit', include: ['**/*.test.ts'], exclude: [...unitExclude, '**/*.int.test.ts', 'test/e2e/**'] } },
      { test: { ...shared, name: 'int', include: ['**/*.int.test.ts'], exclude: [...always, 'test/e2e/**'] } },
      { test: { ...shared, name: 'e2e', include: ['test/e2e/**/*.test.ts'], exclude: always } },
    ],
  },
});
