import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  baseUrl: string;
  /** Query strings of every jscode2session call, in order. */
  calls: URLSearchParams[];
  close: () => Promise<void>;
}

/**
 * A local stand-in for api.weixin.qq.com speaking the jscode2session protocol. The js_code picks the
 * behaviour: `ok-<id>` signs in openid `openid-<id>`, `invalid` → 40029, `limited` → 45011,
 * `busy` → -1 every time, `busy-once-<id>` → -1 then success, `slow` → answers after 2 s,
 * `broken` → HTTP 502 with an HTML page.
 */
export async function startFakeWechat(): Promise<FakeWechat> {
  const calls: URLSearchParams[] = [];
  const busySeen = new Set<string>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    calls.push(url.searchParams);
    const code = url.searchParams.get('js_code') ?? '';
    const ok = (id: string) => json({ openid: `openid-${id}`, session_key: `session-key-${id}`, unionid: `union-${id}` });
    if (code.startsWith('ok-')) return ok(code.slice(3));
    if (code === 'invalid') return json({ errcode: 40029, errmsg: 'invalid code' });
    if (code === 'limited') return json({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
    if (code === 'busy') return json({ errcode: -1, errmsg: 'system error' });
    if (code.startsWith('busy-once-')) {
      if (busySeen.has(code)) return ok(code.slice('busy-once-'.length));
      busySeen.add(code);
      return json({ errcode: -1, errmsg: 'system error' });
    }
    if (code === 'slow') {
      setTimeout(() => ok('slow'), 2000);
      return;
    }
    if (code === 'broken') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
      return;
    }
    json({ errcode: 40029, errmsg: 'invalid code' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
