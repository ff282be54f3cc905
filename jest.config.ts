import type { Config } from 'jest';

const swc: Config['transform'] = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

/** Shared code is tested from source: no build step between an edit and its test. */
const moduleNameMapper = { '^@doorstep/contracts$': '<rootDir>/../../packages/contracts/src/index.ts' };

const config: Config = {
  projects: [
    {
      displayName: 'contracts',
      rootDir: 'packages/contracts',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: swc,
      testEnvironment: 'node',
    },
    {
      displayName: 'api',
      rootDir: 'apps/api',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      transform: swc,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      displayName: 'h5',
      rootDir: 'apps/miniapp',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      transform: swc,
      moduleNameMapper,
      testEnvironment: 'node',
      testTimeout: 60_000,
    },
  ],
};

export default config;
