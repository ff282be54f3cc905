import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEAPP_DIR } from './device';

export interface WeappPage {
  /** `pages/index/index`, `packages/staff/inbox` … as in app.json. */
  route: string;
  /** The subpackage root, or null for the main package. */
  root: string | null;
  /** The navigation bar title the page's built JSON sets (the app's default when it sets none). */
  title: string;
}

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  window?: { navigationBarTitleText?: string };
}

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, '');

/**
 * Every page of the built mini-program, read from dist/weapp/app.json: the main package first, then
 * each subpackage in order (its entry page first). A page added to app.config.ts is covered by the
 * next build without touching the test.
 */
export function weappPages(): WeappPage[] {
  const appJsonPath = join(WEAPP_DIR, 'app.json');
  if (!existsSync(appJsonPath))
    throw new Error(`no weapp build in ${WEAPP_DIR}: run \`pnpm --filter @doorstep/miniapp run build:weapp\` (npm test does)`);
  const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8')) as AppJson;
  const defaultTitle = appJson.window?.navigationBarTitleText ?? '';
  const titleOf = (route: string) => {
    const pageJson = JSON.parse(readFileSync(join(WEAPP_DIR, `${route}.json`), 'utf8')) as { navigationBarTitleText?: string };
    return pageJson.navigationBarTitleText ?? defaultTitle;
  };
  const main = appJson.pages.map((route) => ({ route, root: null, title: titleOf(route) }));
  const sub = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].flatMap((pkg) => {
    const root = trimSlashes(pkg.root);
    return pkg.pages.map((page) => {
      const route = `${root}/${trimSlashes(page)}`;
      return { route, root, title: titleOf(route) };
    });
  });
  return [...main, ...sub];
}
