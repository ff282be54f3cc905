import { ID_ALIASES, nestedJson } from './support/hostile-input';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Every route the API serves, called with the hostile inputs of the outside attack (issue 7): deeply
 * nested JSON, id aliases, multipart without a boundary or without its end. Signed in as the platform
 * admin (past every guard) and anonymously, none may answer 5xx.
 */
describe('fuzz: every route × hostile input', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.signInWithRole('platform_admin', 'platform', 0);
  });
  afterAll(() => t.close());

  interface Probe {
    label: string;
    url: string;
    contentType?: string;
    body?: string;
  }

  /** A path parameter that names no existing object, so a call that gets through changes nothing. */
  const fill = (url: string, value = '999999') => url.replace(/:\w+/g, value);

  function probes(url: string): Probe[] {
    const out: Probe[] = [
      { label: 'nested JSON', url: fill(url), contentType: 'application/json', body: nestedJson(3000) },
      { label: 'multipart without boundary', url: fill(url), contentType: 'multipart/form-data', body: '--XX\r\n' },
      {
        label: 'multipart without end',
        url: fill(url),
        contentType: 'multipart/form-data; boundary=XX',
        body: '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff',
      },
    ];
    if (/:\w+/.test(url)) for (const alias of ID_ALIASES) out.push({ label: `id ${alias}`, url: fill(url, alias) });
    return out;
  }

  it('answers no hostile request with a 5xx', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(80);
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      // Signing out would end the admin's session for the routes after it.
      const auths = route.url.endsWith('/auth/logout') ? [null] : [null, admin];
      await Promise.all(
        probes(route.url).flatMap((probe) =>
          auths.map(async (auth) => {
            let req = t.http()[route.method.toLowerCase() as 'get'](probe.url);
            if (auth) req = req.set('Authorization', auth);
            if (probe.contentType) req = req.set('content-type', probe.contentType).send(probe.body);
            const res = await req;
            sent++;
            if (res.status >= 500)
              failures.push(`${route.method} ${probe.url} (${probe.label}, ${auth ? 'admin' : 'anonymous'}) → ${res.status}`);
          }),
        ),
      );
    }
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 120_000);
});
