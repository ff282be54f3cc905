/**
 * A simulated phone running the built mini-program (dist/weapp) without WeChat DevTools.
 *
 * miniprogram-simulate (WeChat's own component-test library) compiles the real WXML with WeChat's
 * compiler and runs the page in jsdom. It knows custom components only, so `Page` is mapped onto
 * `Component` and the app's lifecycle is driven by hand, as the WeChat client would. `wx` is the
 * simulator's own mock of the whole API (every call succeeds with sample data) with what the pages
 * depend on replaced: storage in memory, wx.login answering a code the test's fake WeChat server
 * knows, wx.request sent over HTTP to the real API the global setup started, and navigation
 * recorded for the test to read.
 */
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';

export const WEAPP_DIR = resolve(__dirname, '../dist/weapp');

/** The part of miniprogram-simulate / j-component this file uses (its typings need WeChat's global types). */
interface SimNode {
  readonly dom: HTMLElement;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
}
interface SimRoot extends SimNode {
  attach(parent: Element): void;
  detach(): void;
}
interface Simulate {
  load(componentPath: string, tagName: string, options: { rootPath: string }): string;
  render(id: string): SimRoot;
}

type Options = Record<string, unknown> & {
  success?: (result: unknown) => void;
  fail?: (result: unknown) => void;
  complete?: (result: unknown) => void;
};
type Lifecycle = (this: PageInstance, ...args: unknown[]) => void;
interface PageInstance {
  route?: string;
  __route__?: string;
  [method: string]: unknown;
}

export interface Exchange {
  method: string;
  path: string;
  /** null: no answer (connection refused, reset). */
  status: number | null;
}

export interface Navigation {
  api: string;
  url: string;
}

export interface OpenPage {
  route: string;
  root: SimRoot;
  /** Everything the page shows, as one string. */
  text(): string;
  /** Elements rendered by the page's WXML (every Taro node becomes one). */
  elementCount(): number;
  /** Taps the innermost element whose own text is `text` (the event bubbles as on a phone). */
  tap(text: string): Promise<void>;
  /** Fires `change` on the first native element of `tag` (switch, checkbox …) with this detail. */
  change(tag: string, detail: unknown): Promise<void>;
  /** Rendered elements whose class list has this class (WXML classes get the page's prefix). */
  withClass(className: string): Element[];
}

export interface Device {
  navigations: Navigation[];
  /** Runs App onLaunch/onShow and waits until the launch's calls (silent sign-in) have answered. */
  launch(): Promise<void>;
  /** Unloads the page shown (if any) and opens `route` with `query`, as wx.reLaunch would; waits for its data. */
  open(route: string, query?: Record<string, string>): Promise<OpenPage>;
  /** Unloads the page shown (onUnload), as leaving the mini-program would; waits for what that starts. */
  unload(): Promise<void>;
  /** Waits until no call is in flight and no loading placeholder shows. */
  settle(): Promise<void>;
  /** Errors seen since the last call: console.error, uncaught errors, rejected promises, throwing lifecycles. */
  takeProblems(): string[];
  /** API calls made since the last call. */
  takeExchanges(): Exchange[];
  close(): void;
}

const SETTLE_LIMIT_MS = 10_000;
/** An answer often leads to another call one render later: idle means idle for this long. */
const QUIET_MS = 120;
const LOADING_CLASS = 'status--loading';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function asText(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Starts a phone. Every device gets fresh modules (jest.resetModules), so the app, Taro's runtime and
 * the simulator start from nothing, as after a cold start; `loginCode` is what wx.login answers.
 */
export function openDevice(options: { loginCode: string; apiOrigin: string }): Device {
  jest.resetModules();
  const problems: string[] = [];
  const exchanges: Exchange[] = [];
  const navigations: Navigation[] = [];
  const storage = new Map<string, unknown>();
  const inFlight = new Set<string>();
  const stack: PageInstance[] = [];
  let opening: { route: string; query: Record<string, string> } | null = null;
  let shown: { root: SimRoot; parent: Element } | null = null;
  const loaded = new Map<string, string>();

  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      problems.push(`${what} threw: ${asText(error)}`);
    }
  };

  // ------------------------------------------------------------------ errors, however they surface
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    problems.push(`console.error: ${args.map(asText).join(' ')}`);
    consoleError.apply(console, args);
  };
  const onWindowError = (event: ErrorEvent) => problems.push(`uncaught: ${asText(event.error ?? event.message)}`);
  window.addEventListener('error', onWindowError);
  const onRejection = (reason: unknown) => problems.push(`unhandled rejection: ${asText(reason)}`);
  process.on('unhandledRejection', onRejection);

  // ------------------------------------------------------------------ the fake wx
  /** WeChat answers asynchronously, with `<api>:ok` or `<api>:fail …`. */
  const answer = (api: string, opts: Options | undefined, ok: boolean, result: Record<string, unknown> = {}) => {
    const payload = { errMsg: `${api}:${ok ? 'ok' : 'fail'}`, ...result };
    setTimeout(() => {
      guard(`wx.${api} callback`, () => {
        (ok ? opts?.success : opts?.fail)?.(payload);
        opts?.complete?.(payload);
      });
    }, 0);
  };
  const clone = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  const navigate = (api: string) => (opts: Options) => {
    navigations.push({ api, url: String(opts.url ?? '') });
    answer(api, opts, true);
  };
  const wx: Record<string, unknown> = {
    getStorageSync: (key: string) => (storage.has(key) ? clone(storage.get(key)) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, clone(value)),
    removeStorageSync: (key: string) => void storage.delete(key),
    login: (opts: Options) => answer('login', opts, true, { code: options.loginCode }),
    request: (opts: Options) => sendRequest(opts),
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    switchTab: navigate('switchTab'),
    reLaunch: navigate('reLaunch'),
    navigateBack: (opts: Options) => {
      navigations.push({ api: 'navigateBack', url: '' });
      answer('navigateBack', opts, true);
    },
  };

  /**
   * wx.request semantics over a real HTTP exchange: the built app calls the absolute API base it was
   * built with; the phone's network routes that host to the test's API (as a hosts entry would).
   */
  function sendRequest(opts: Options) {
    const given = new URL(String(opts.url));
    const method = String(opts.method ?? 'GET').toUpperCase();
    let path = given.pathname + given.search;
    let body: string | undefined;
    if (method === 'GET' && opts.data && typeof opts.data === 'object') {
      const query = new URLSearchParams(Object.entries(opts.data).map(([k, v]) => [k, String(v)]));
      if (query.size) path += (given.search ? '&' : '?') + query.toString();
    } else if (opts.data !== undefined) {
      body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data);
    }
    const exchange: Exchange = { method, path, status: null };
    exchanges.push(exchange);
    const key = `${method} ${path} #${exchanges.length}`;
    inFlight.add(key);
    const req = httpRequest(
      new URL(path, options.apiOrigin),
      { method, headers: (opts.header as Record<string, string>) ?? {} },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (raw += chunk));
        res.on('end', () => {
          inFlight.delete(key);
          exchange.status = res.statusCode ?? 0;
          let data: unknown = raw;
          if ((opts.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(raw);
            } catch {
              // WeChat hands over the text when it is not JSON.
            }
          }
          answer('request', opts, true, { data, statusCode: res.statusCode, header: res.headers, cookies: [] });
        });
      },
    );
    req.on('error', (error) => {
      inFlight.delete(key);
      answer('request', opts, false, { errMsg: `request:fail ${error.message}` });
    });
    if (body !== undefined) req.write(body);
    req.end();
    return { abort: () => req.destroy(), onHeadersReceived: () => undefined, offHeadersReceived: () => undefined };
  }

  // ------------------------------------------------------------------ App / Page / getCurrentPages
  /** Taro's app object (onLaunch, onShow …), as App() received it. */
  let app: Record<string, (options: object) => void> | null = null;
  const g = globalThis as unknown as Record<string, unknown>;
  // miniprogram-simulate merges these over its own mock API when it loads.
  g.wx = wx;
  g.App = (config: NonNullable<typeof app>) => void (app = config);
  g.getApp = () => app;
  g.getCurrentPages = () => [...stack];
  // Loaded after the globals above and after resetModules (so not an import): a fresh simulator per
  // phone, whose global `Component` is the one the pages register with.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the globals it reads (see above)
  const simulate = require('miniprogram-simulate') as Simulate;
  const Component = g.Component as (definition: object) => void;
  g.Page = (config: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) if (typeof value === 'function') methods[key] = value;
    const call = (page: PageInstance, name: string, ...args: unknown[]) => {
      const fn = page[name];
      if (typeof fn === 'function') guard(`${page.route} ${name}`, () => (fn as Lifecycle).apply(page, args));
    };
    Component({
      data: config.data ?? {},
      methods,
      lifetimes: {
        attached(this: PageInstance) {
          const visit = opening!;
          this.route = this.__route__ = visit.route;
          stack.push(this);
          call(this, 'onLoad', { ...visit.query });
        },
        ready(this: PageInstance) {
          call(this, 'onShow');
          call(this, 'onReady');
        },
        detached(this: PageInstance) {
          call(this, 'onUnload');
          stack.splice(stack.indexOf(this), 1);
        },
      },
    });
  };

  // The bundle's entry: registers the webpack chunks, Taro's runtime and App(). A path known at run
  // time, run as WeChat runs it, after the globals it expects.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known at run time, run after its globals
  require(join(WEAPP_DIR, 'app.js'));
  if (!app) throw new Error('dist/weapp/app.js did not call App()');

  async function settle(): Promise<void> {
    const started = Date.now();
    let quietSince: number | null = null;
    for (;;) {
      await sleep(20);
      const loading = shown ? shown.root.dom.querySelector(`[class*="${LOADING_CLASS}"]`) : null;
      if (inFlight.size === 0 && !loading) {
        quietSince ??= Date.now();
        if (Date.now() - quietSince >= QUIET_MS) return;
      } else {
        quietSince = null;
      }
      if (Date.now() - started > SETTLE_LIMIT_MS) {
        throw new Error(
          `still busy after ${SETTLE_LIMIT_MS} ms: ${[...inFlight].join(', ') || 'no call in flight'}` +
            (loading ? ', a loading placeholder still shows' : ''),
        );
      }
    }
  }

  function unloadShown() {
    if (!shown) return;
    shown.root.detach();
    shown.parent.remove();
    shown = null;
  }

  function pageHandle(route: string, root: SimRoot): OpenPage {
    const bySid = (sid: string): SimNode => {
      const found = root.querySelector(`#${sid}`);
      if (!found) throw new Error(`${route}: rendered element ${sid} is not reachable from the page`);
      return found;
    };
    const fire = async (node: SimNode, name: string, detail?: unknown) => {
      node.dispatchEvent(name, detail === undefined ? {} : { detail });
      await settle();
    };
    return {
      route,
      root,
      text: () => (root.dom.textContent ?? '').replace(/\s+/g, ' ').trim(),
      elementCount: () => root.dom.querySelectorAll('*').length,
      withClass: (className) =>
        Array.from(root.dom.querySelectorAll('[class]')).filter((el) =>
          Array.from(el.classList).some((c) => c === className || c.endsWith(`--${className}`)),
        ),
      async tap(text) {
        const candidates = Array.from(root.dom.querySelectorAll('[data-sid]')).filter((el) =>
          Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() === text),
        );
        if (candidates.length === 0) throw new Error(`${route}: nothing shows the text "${text}" to tap`);
        await fire(bySid(candidates[candidates.length - 1].getAttribute('data-sid')!), 'tap');
      },
      async change(tag, detail) {
        const el = root.dom.querySelector(`wx-${tag}[data-sid]`);
        if (!el) throw new Error(`${route}: no <${tag}> rendered`);
        await fire(bySid(el.getAttribute('data-sid')!), 'change', detail);
      },
    };
  }

  return {
    navigations,
    async launch() {
      const launch = { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} };
      const taroApp = app!;
      guard('App onLaunch', () => taroApp.onLaunch.call(taroApp, launch));
      guard('App onShow', () => taroApp.onShow.call(taroApp, launch));
      await settle();
    },
    async open(route, query = {}) {
      unloadShown();
      // A page's script runs once per app run (Jest keeps required modules), as on a phone: its
      // definition is registered the first time and every later visit is a new instance of it.
      let id = loaded.get(route);
      if (!id) loaded.set(route, (id = simulate.load(join(WEAPP_DIR, route), 'page', { rootPath: WEAPP_DIR })));
      opening = { route, query };
      const root = simulate.render(id);
      const parent = document.createElement('phone-screen');
      document.body.appendChild(parent);
      root.attach(parent);
      shown = { root, parent };
      await settle();
      return pageHandle(route, root);
    },
    async unload() {
      unloadShown();
      await settle();
    },
    settle,
    takeProblems: () => problems.splice(0),
    takeExchanges: () => exchanges.splice(0),
    close() {
      unloadShown();
      document.body.innerHTML = '';
      console.error = consoleError;
      window.removeEventListener('error', onWindowError);
      process.off('unhandledRejection', onRejection);
    },
  };
}
