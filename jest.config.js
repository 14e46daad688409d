/**
 * Types are checked once by `tsc --noEmit` in `npm test`; ts-jest only transpiles
 * (isolatedModules in tsconfig), which keeps each CDK test file to a few seconds.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 60_000,
};
