/**
 * Import first in a test that loads the request wrapper: it picks its base URL when loaded, and the
 * H5 build's (same origin, /api/v1) needs no configuration.
 */
process.env.TARO_ENV = 'h5';
