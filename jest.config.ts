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

/** The mini-program's components: TSX with React 17+'s automatic JSX runtime (no `import React`). */
const swcReact: Config['transform'] = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

/** Shared code is tested from source: no build step between an edit and its test. */
const moduleNameMapper = { '^@doorstep/contracts$': '<rootDir>/../../packages/contracts/src/index.ts' };

const config: Config = {
  // Jest reads the timeout only here, never per project. Suites start real servers, databases and a
  // browser; on a busy 2-core machine the 5 s default trips on setup, not on behaviour. Speed is
  // measured by the benchmark, never by a test.
  testTimeout: 60_000,
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
      // Component tests: presentational components mounted alone in jsdom, with @tarojs/components
      // replaced by plain DOM elements (apps/miniapp/test/taro-components.tsx says why).
      displayName: 'miniapp',
      rootDir: 'apps/miniapp',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
      transform: swcReact,
      testEnvironment: 'jsdom',
      moduleNameMapper: {
        ...moduleNameMapper,
        '^@tarojs/components$': '<rootDir>/test/taro-components.tsx',
        '^@tarojs/taro$': '<rootDir>/test/taro.ts',
        '\\.(scss|css)$': '<rootDir>/test/style-stub.ts',
      },
    },
    {
      displayName: 'h5',
      rootDir: 'apps/miniapp',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      transform: swc,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      // The built mini-program (dist/weapp) rendered page by page with WeChat's WXML compiler in jsdom
      // (miniprogram-simulate), against the real API started by the global setup. The bundle itself
      // is run as built: never transformed.
      displayName: 'weapp',
      rootDir: 'apps/miniapp',
      testMatch: ['<rootDir>/weapp-test/**/*.spec.ts'],
      transform: swc,
      transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
      moduleNameMapper,
      testEnvironment: 'jsdom',
      globalSetup: '<rootDir>/weapp-test/global-setup.ts',
      globalTeardown: '<rootDir>/weapp-test/global-teardown.ts',
    },
  ],
};

export default config;
