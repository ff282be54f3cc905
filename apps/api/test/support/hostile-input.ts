/** Inputs from the outside attack of issue 7, shared by the hardening tests and the route fuzz. */

/** Spellings of id 1 (and near misses) that are not the plain decimal the API writes: all 400. */
export const ID_ALIASES = [
  '+1',
  '%2B1',
  '%201',
  '1%20',
  '0x10',
  '1e3',
  '01',
  '00000000001',
  '-1',
  '1.0',
  '0',
  '2147483648',
  encodeURIComponent('１'),
];

/** `{"phone": [[[…]]]}` nested `depth` levels deep. */
export const nestedJson = (depth: number) => `{"phone":${'['.repeat(depth)}${']'.repeat(depth)}}`;
