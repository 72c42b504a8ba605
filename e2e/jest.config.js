import preset from '../jest.preset.js';

// One jest run, one cluster: every *.e2e.test.ts in the repository runs here, each test file in
// its own namespace, files in parallel across workers.
export default {
  ...preset,
  displayName: 'e2e',
  rootDir: '..',
  roots: ['<rootDir>/e2e/src', '<rootDir>/libs', '<rootDir>/packages'],
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/e2e/global-setup.js',
  globalTeardown: '<rootDir>/e2e/global-teardown.js',
  testTimeout: 180_000,
  maxWorkers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  slowTestThreshold: 60,
};
