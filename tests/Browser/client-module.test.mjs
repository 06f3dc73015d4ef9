// The browser client module (sessions-client.js) against the real Api, in a real browser: when the access token has
// expired, concurrent calls share one refresh and are each retried once; when the refresh itself is refused (the
// session was signed out everywhere), every caller gets that refusal once, without a loop, and the client is signed out. The expired token is the real one, re-signed by the Api's own key with
// its times moved into the past.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { start, password } from './harness.mjs';

let harness;

before(async () => { harness = await start(); });
after(() => harness?.stop());

const base64url = (buffer) => Buffer.from(buffer).toString('base64url');

/** The same token (same kid, claims and session) but expired an hour ago, signed with the Api's key. */
function expired(token) {
  const [header, payload] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  Object.assign(claims, { iat: hourAgo - 900, nbf: hourAgo - 900, exp: hourAgo });
  const input = `${header}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), harness.privateKey))}`;
}

async function signedInPage() {
  const newEmail = `module-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  await harness.call('POST', '/auth/register', { email: newEmail, password });
  const device = await harness.device();
  await device.page.goto(harness.baseUrl);
  await device.page.fill('#sign-in input[name=email]', newEmail);
  await device.page.fill('#sign-in input[name=password]', password);
  await device.page.click('#sign-in button');
  await device.page.waitForSelector('#signed-in:not([hidden])');
  const email = await device.page.textContent('#who');
  await device.page.goto(`${harness.baseUrl}/health/live`); // same origin, and no page script with a client of its own
  const access = (await device.context.cookies()).find((c) => c.name === '__Host-os_access');
  await device.context.addCookies([{ ...access, value: expired(access.value) }]);
  const refreshes = [];
  device.page.on('request', (request) => { if (request.url().includes('/auth/refresh')) refreshes.push(request); });
  return { ...device, email, refreshes };
}

test('concurrent calls with an expired token make one refresh and each retries once', async () => {
  const { page, email, refreshes } = await signedInPage();
  const answers = await page.evaluate(async () => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient();
    return Promise.all(Array.from({ length: 8 }, () => client.me().then((me) => me.email)));
  });
  assert.deepEqual(answers, Array(8).fill(email));
  assert.equal(refreshes.length, 1);

  const again = await page.evaluate(async () => {
    const { SessionsClient } = await import('/sessions-client.js');
    return (await new SessionsClient().me()).email;
  });
  assert.equal(again, email);
  assert.equal(refreshes.length, 1, 'the refreshed token is used without another refresh');
});

test('a refused refresh reaches the caller once, without a retry loop', async () => {
  const { page, email, refreshes, context } = await signedInPage();
  const { access_token: token } = (await harness.call('POST', '/auth/login', { email, password })).body;
  assert.equal((await harness.call('POST', '/auth/logout-all', null, token)).status, 200);

  const failure = await page.evaluate(async () => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient();
    const results = await Promise.allSettled([client.me(), client.me(), client.sessions()]);
    return { codes: results.map((r) => r.reason?.code), signedIn: client.signedIn };
  });
  assert.deepEqual(failure.codes, ['invalid_token', 'invalid_token', 'invalid_token']);
  assert.equal(failure.signedIn, false);
  assert.equal(refreshes.length, 1);
  await context.close();
});

test('nothing on these pages broke their Content-Security-Policy', () => {
  assert.deepEqual(harness.cspViolations, []);
});
