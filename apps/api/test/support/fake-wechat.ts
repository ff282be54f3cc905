import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  baseUrl: string;
  /** Query strings of every jscode2session call, in order. */
  calls: URLSearchParams[];
  /** Bodies of every subscribe message accepted, in order. */
  messages: Array<{ touser: string; template_id: string; page: string; data: Record<string, { value: string }> }>;
  /** The next N subscribe sends answer -1 (system busy). */
  failNextSends: (n: number) => void;
  /** Access tokens handed out by stable_token. */
  tokensIssued: () => number;
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
  const messages: FakeWechat['messages'] = [];
  const busySeen = new Set<string>();
  let failures = 0;
  let tokens = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      tokens++;
      return json({ access_token: 'fake-access-token', expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        if (url.searchParams.get('access_token') !== 'fake-access-token')
          return json({ errcode: 40001, errmsg: 'invalid credential' });
        const body = JSON.parse(raw);
        if (failures > 0) {
          failures--;
          return json({ errcode: -1, errmsg: 'system error' });
        }
        if (String(body.touser).endsWith('-refuser')) return json({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
        messages.push(body);
        json({ errcode: 0, errmsg: 'ok' });
      });
      return;
    }
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
    messages,
    failNextSends: (n) => (failures = n),
    tokensIssued: () => tokens,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
