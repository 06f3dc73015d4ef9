// The browser client module (sessions-client.js) against the real Api, in a real browser: when the access token has
// expired, concurrent calls share one refresh and are each retried once; when the refresh itself is refused (the
// session was signed out everywhere), every caller gets that refusal once, without a loop, and the client is signed
// out, also a caller whose 401 arrives after the refusal. Two tabs sharing the cookies refresh once between them, and
// signing out with an expired token ends the session at the Api. The expired token is the real one, re-signed by the
// Api's own key with its times moved into the past. reauthenticate() keeps the new pair in cookie and in bearer mode.
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

const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

/** A newly registered account, and a page of the origin with no client of its own (the test makes one). */
async function registeredOnBlankPage(prefix) {
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  await harness.call('POST', '/auth/register', { email, password });
  const { page, context } = await harness.device();
  await page.goto(`${harness.baseUrl}/health/live`); // same origin, and no page script with a client of its own
  return { email, page, context };
}

async function signedInPage({ expire = true } = {}) {
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
  if (expire) await device.context.addCookies([{ ...access, value: expired(access.value) }]);
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

test('a caller whose 401 arrives after the refresh was refused gets that refusal, and no second refresh is sent', async () => {
  const { page, email, refreshes, context } = await signedInPage();
  const { access_token: token } = (await harness.call('POST', '/auth/login', { email, password })).body;
  assert.equal((await harness.call('POST', '/auth/logout-all', null, token)).status, 200);
  // The Api's answer to /auth/sessions (401 token_expired) is held back until the refused refresh has been answered.
  const refreshAnswered = page.waitForResponse((response) => response.url().includes('/auth/refresh'));
  await page.route('**/auth/sessions', async (route) => {
    const response = await route.fetch();
    await refreshAnswered;
    await route.fulfill({ response });
  });

  const codes = await page.evaluate(async () => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient();
    const results = await Promise.allSettled([client.me(), client.sessions()]);
    return results.map((r) => r.reason?.code);
  });
  assert.deepEqual(codes, ['invalid_token', 'invalid_token']);
  assert.equal(refreshes.length, 1);
  await context.close();
});

test('two tabs whose access token expired share one refresh of the cookie they share, and the session lives on', async () => {
  const { page, context, email } = await signedInPage();
  const other = await context.newPage();
  await other.goto(`${harness.baseUrl}/health/live`);
  const refreshes = [];
  context.on('request', (request) => { if (request.url().includes('/auth/refresh')) refreshes.push(request); });
  // Both tabs' first /auth/me (401 token_expired) are answered together, so both need a refresh at the same moment.
  let held = 0;
  let releaseBoth;
  const bothSent = new Promise((resolve) => { releaseBoth = resolve; });
  await context.route('**/auth/me', async (route) => {
    const response = await route.fetch();
    if (++held <= 2) {
      if (held === 2) releaseBoth();
      await bothSent;
    }
    await route.fulfill({ response });
  });
  // The refresh's answer reaches its tab only once the other tab waits for its turn (Web Locks, origin-wide).
  const otherTabWaits = async () => (await page.evaluate(async () => (await navigator.locks.query()).pending.length)) > 0;
  await context.route('**/auth/refresh*', async (route) => {
    const response = await route.fetch();
    for (const deadline = Date.now() + 30_000; !(await otherTabWaits()) && Date.now() < deadline;) {
      await new Promise((resolve) => { setTimeout(resolve, 10); });
    }
    await route.fulfill({ response });
  });

  const me = (tab) => tab.evaluate(async () => {
    const { SessionsClient } = await import('/sessions-client.js');
    return new SessionsClient().me().then((answer) => answer.email, (error) => error.code);
  });
  assert.deepEqual(await Promise.all([me(page), me(other)]), [email, email]);
  assert.equal(refreshes.length, 1, 'the second tab used the cookies the first one refreshed');
  await context.unroute('**/auth/me');
  await context.unroute('**/auth/refresh*');
  assert.equal(await me(other), email, 'not revoked as a reused refresh token');
  await context.close();
});

test('signing out with an expired access token refreshes first, so the session really ends', async () => {
  const { page, context, email, refreshes } = await signedInPage();

  const signedIn = await page.evaluate(async () => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient();
    await client.logout();
    return client.signedIn;
  });

  assert.equal(signedIn, false);
  assert.equal(refreshes.length, 1);
  assert.equal((await context.cookies()).find((c) => c.name === '__Host-os_refresh'), undefined, 'the Api cleared the cookies');
  const { access_token: token } = (await harness.call('POST', '/auth/login', { email, password })).body;
  assert.equal((await harness.call('GET', '/auth/sessions', null, token)).body.count, 1, 'only the session just opened');
  await context.close();
});

test('reauthenticate in cookie mode replaces the token cookies and state changes still pass the CSRF check; a wrong password leaves it signed in', async () => {
  const { page, context, email } = await signedInPage({ expire: false });
  const before = (await context.cookies()).find((c) => c.name === '__Host-os_access').value;

  const result = await page.evaluate(async (pw) => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient();
    const body = await client.reauthenticate(pw);
    const wrong = await client.reauthenticate('not the password').then(() => 'accepted', (e) => e.code);
    const revoked = await client.revokeOthers(); // a state change: needs the new anti-CSRF token
    return { body, csrf: client.csrf, wrong, signedIn: client.signedIn, me: (await client.me()).email, revoked };
  }, password);

  const after = (await context.cookies()).find((c) => c.name === '__Host-os_access').value;
  assert.notEqual(after, before);
  assert.equal(claimsOf(after).sid, claimsOf(before).sid, 'the same session');
  assert.ok(claimsOf(after).auth_time >= claimsOf(before).auth_time);
  assert.equal(result.body.access_token, undefined, 'cookie mode: no token in the body');
  assert.equal(result.csrf, result.body.csrf_token);
  assert.equal(result.wrong, 'invalid_credentials');
  assert.equal(result.signedIn, true);
  assert.equal(result.me, email);
  assert.equal(result.revoked.sessions_revoked, 0);
  await context.close();
});

test('reauthenticate in bearer mode keeps the new pair in memory and refreshes with it', async () => {
  const { email, page, context } = await registeredOnBlankPage('bearer');

  const result = await page.evaluate(async ({ email, pw }) => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient('', { mode: 'bearer' });
    const login = await client.login(email, pw);
    const first = { ...client.tokens };
    const body = await client.reauthenticate(pw);
    const second = { ...client.tokens };
    const wrong = await client.reauthenticate('not the password').then(() => 'accepted', (e) => e.code);
    const me = await client.me();
    await client.refresh(); // with the refresh token reauthenticate gave
    const third = { ...client.tokens };
    return { login, first, body, second, wrong, me, third, signedIn: client.signedIn, cookies: document.cookie };
  }, { email, pw: password });

  assert.equal(result.first.accessToken, result.login.access_token);
  assert.notEqual(result.second.accessToken, result.first.accessToken);
  assert.equal(result.second.accessToken, result.body.access_token);
  assert.equal(result.second.refreshToken, result.body.refresh_token);
  assert.equal(claimsOf(result.second.accessToken).sid, result.login.session_id, 'the same session');
  assert.ok(claimsOf(result.second.accessToken).auth_time >= claimsOf(result.first.accessToken).auth_time);
  assert.equal(result.wrong, 'invalid_credentials');
  assert.equal(result.me.session_id, result.login.session_id);
  assert.notEqual(result.third.refreshToken, result.second.refreshToken);
  assert.equal(result.signedIn, true);
  assert.equal(result.cookies, '', 'bearer mode sets no cookie');
  await context.close();
});

test('reauthenticate while a refresh is in flight waits for it, so the session is not taken for a stolen one', async () => {
  const { email, page, context } = await registeredOnBlankPage('race');
  // The refresh is held on its way until the reauthentication has been sent, or for 2 s if it waits its turn.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/auth/refresh*', async (route) => { await held; await route.continue(); });
  let reauthenticationSent;
  const sent = new Promise((resolve) => { reauthenticationSent = resolve; });
  page.on('request', (request) => { if (request.url().includes('/auth/reauthenticate')) reauthenticationSent(request.url()); });

  const evaluated = page.evaluate(async ({ email, pw }) => {
    const { SessionsClient } = await import('/sessions-client.js');
    const client = new SessionsClient('', { mode: 'bearer' });
    await client.login(email, pw);
    const refreshed = client.refresh();
    const reauthenticated = client.reauthenticate(pw);
    const outcomes = await Promise.allSettled([refreshed, reauthenticated]);
    return { outcomes: outcomes.map((o) => o.status), me: await client.me().then((m) => m.email, (e) => e.code) };
  }, { email, pw: password });
  await page.waitForRequest('**/auth/refresh*');
  const beside = await Promise.race([sent, new Promise((resolve) => { setTimeout(() => resolve(null), 2000); })]);
  assert.equal(beside, null, 'the reauthentication was sent beside the refresh');
  release();
  const result = await evaluated;

  assert.deepEqual(result.outcomes, ['fulfilled', 'fulfilled']);
  assert.equal(result.me, email, 'the session lives on');
  await context.close();
});

test('the timed refresh waits while the page is out of view, and comes as soon as it is back', async () => {
  const { email, page, context } = await registeredOnBlankPage('hidden');
  // The client is told its token lives 5 s, so its timed refresh falls due within this test.
  await page.route('**/auth/login', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), expires_in: 5 } });
  });
  await page.evaluate(async ({ email, pw }) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.pageHidden });
    window.pageHidden = true; // a tab in the background
    const { SessionsClient } = await import('/sessions-client.js');
    window.client = new SessionsClient('', { mode: 'bearer' });
    await window.client.login(email, pw);
  }, { email, pw: password });
  const refreshes = [];
  page.on('request', (request) => { if (request.url().includes('/auth/refresh')) refreshes.push(request.url()); });

  await page.waitForTimeout(7000); // past the timer's 5 s
  assert.deepEqual(refreshes, []);

  const refreshed = page.waitForResponse((response) => response.url().includes('/auth/refresh'));
  await page.evaluate(() => { window.pageHidden = false; document.dispatchEvent(new Event('visibilitychange')); });
  assert.equal((await refreshed).status(), 200);
  await context.close();
});

test('nothing on these pages broke their Content-Security-Policy', () => {
  assert.deepEqual(harness.cspViolations, []);
});
