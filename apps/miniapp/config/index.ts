import { constants as zlib } from 'node:zlib';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import CompressionPlugin from 'compression-webpack-plugin';

import devConfig from './dev';
import prodConfig from './prod';

// Babel targets per platform (package.json "browserslist" has an `h5` and a `mini` section): the
// mini-program also runs on iOS 12 JavaScriptCore (no optional chaining), H5 on current browsers.
process.env.BROWSERSLIST_ENV = process.env.TARO_ENV === 'h5' ? 'h5' : 'mini';

/** @doorstep/contracts ships ES2022 CommonJS; Taro only transpiles src/ and its own packages. */
const CONTRACTS_DIST = /[\\/]contracts[\\/]dist[\\/].*\.js$/;

/**
 * Brotli and gzip copies of every text asset, made once at build time at the highest levels (the API's
 * static serving and docker's nginx send them to browsers that accept them: a cheap phone downloads
 * about a quarter of the bytes). Files too small to gain are left alone.
 */
const PRECOMPRESSED = /\.(js|css|html|svg|json)$/;
const precompress = [
  {
    filename: '[path][base].br',
    algorithm: 'brotliCompress',
    compressionOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } },
  },
  { filename: '[path][base].gz', algorithm: 'gzip', compressionOptions: { level: 9 } },
].map((options) => ({ ...options, test: PRECOMPRESSED, threshold: 1024, minRatio: 0.8 }));

/** Absolute API origin for the mini-program build (H5 calls the same origin it was served from). */
const API_BASE = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'doorstep-miniapp',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // weapp and h5 builds must not overwrite each other.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    env: {
      TARO_APP_API_BASE: JSON.stringify(API_BASE),
    },
    framework: 'react',
    compiler: 'webpack5',
    // Off: a cold build is ~10 s (weapp) / ~15 s (h5) here, and a stale cache is not worth it.
    cache: { enable: false },
    mini: {
      compile: { include: [(file: string) => CONTRACTS_DIST.test(file)] },
      // Component stylesheets do not depend on each other's order.
      miniCssExtractPluginOption: { ignoreOrder: true },
      // Move modules only subpackages use out of the main package.
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: [(file: string) => CONTRACTS_DIST.test(file)] },
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // Size budgets are enforced by scripts/package-sizes.mjs, not webpack's generic 244 KiB hint.
        chain.performance.hints(false);
        if (process.env.NODE_ENV !== 'development') {
          precompress.forEach((options, i) => chain.plugin(`precompress-${i}`).use(CompressionPlugin, [options]));
        }
        // Taro splits initial chunks only, so every lazily loaded page would carry its own copy of
        // the H5 components and our shared screens. Code two or more pages use goes into shared
        // chunks instead, downloaded once.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) {
          chain.optimization.splitChunks({
            ...splitChunks,
            cacheGroups: {
              ...splitChunks.cacheGroups,
              sharedByPages: { chunks: 'async', minChunks: 2, minSize: 8000, priority: -5, reuseExistingChunk: true },
            },
          });
        }
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
