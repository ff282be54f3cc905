import type { UserConfigExport } from '@tarojs/cli';

/** The API the H5 dev server forwards /api to (the API serves the built H5 itself in production). */
const API_PROXY_TARGET = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    devServer: {
      proxy: {
        '/api': { target: API_PROXY_TARGET, changeOrigin: true },
      },
    },
  },
} satisfies UserConfigExport<'webpack5'>;
