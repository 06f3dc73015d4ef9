// The "your devices" page in a real browser (Debian's Chromium driven by playwright-core): sign up, sign in on two
// devices, see both sessions, sign one out from the other, and check it is signed out. Screenshots of each page go
// to artifacts/screenshots. Also: a form submitted before the page script ran sends nothing, a tab in the background
// does not poll, and a tab signs out after another tab of the same browser signed in again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, shots, password } from './harness.mjs';

let harness;
let baseUrl;
const device = (options) => harness.device(options);

const serviceKey = 'browser-service-key';

before(async () => {
  harness = await start({ Auth__ServiceKeys: serviceKey, Sessions__Clients__web__MaxPerUser: '3' });
  baseUrl = harness.baseUrl;
});

after(() => harness?.stop());

test('sign up, sign in on two devices, sign one out from the other', async () => {
  const email = `browser-${Date.now()}@example.com`;
  const laptop = await device();
  await laptop.page.goto(baseUrl);
  await laptop.page.screenshot({ path: path.join(shots, '1-sign-in.png'), fullPage: true });

  await laptop.page.fill('#sign-up input[name=email]', email);
  await laptop.page.fill('#sign-up input[name=password]', password);
  await laptop.page.press('#sign-up input[name=password]', 'Enter'); // the keyboard alone
  await laptop.page.waitForSelector('#signed-in:not([hidden])');
  assert.equal(await laptop.page.textContent('#who'), email);
  assert.equal(await laptop.page.locator('#sessions li').count(), 1);
  assert.match(await laptop.page.textContent('#sessions li'), /this device/);

  const phone = await device({
    viewport: { width: 375, height: 740 },
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  });
  await phone.page.goto(baseUrl);
  await phone.page.fill('#sign-in input[name=email]', email);
  await phone.page.fill('#sign-in input[name=password]', 'not the password');
  await phone.page.click('#sign-in button');
  await phone.page.waitForFunction(() => document.querySelector('#message').textContent.includes('Wrong email or password'));
  await phone.page.fill('#sign-in input[name=password]', password);
  await phone.page.check('#sign-in input[name=remember]');
  await phone.page.click('#sign-in button');
  await phone.page.waitForSelector('#signed-in:not([hidden])');
  assert.equal(await phone.page.locator('#sessions li').count(), 2);
  assert.match(await phone.page.textContent('#sessions'), /Safari on iOS \(mobile\)/);
  // Both were the account's first sign-in from their device: each says so (for a day).
  assert.equal(await phone.page.locator('#sessions li .new-device').count(), 2);
  assert.match(await phone.page.textContent('#sessions li:has(.badge)'), /new device/);
  await phone.page.screenshot({ path: path.join(shots, '2-sessions-phone.png'), fullPage: true });

  await laptop.page.reload();
  await laptop.page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 2);
  await laptop.page.screenshot({ path: path.join(shots, '3-sessions-laptop.png'), fullPage: true });
  await laptop.page.click('#sessions li:not(:has(.badge)) button');
  await laptop.page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);

  await phone.page.reload();
  await phone.page.waitForSelector('#signed-out:not([hidden])');
  assert.match(await phone.page.textContent('#message'), /signed out from another device/);
  await phone.page.screenshot({ path: path.join(shots, '4-signed-out-phone.png'), fullPage: true });

  await laptop.page.click('#sign-out');
  await laptop.page.waitForSelector('#signed-out:not([hidden])');
  assert.match(await laptop.page.textContent('#message'), /You are signed out/);

  // Back on the same laptop: a device the account knows is not new.
  await laptop.page.fill('#sign-in input[name=email]', email);
  await laptop.page.fill('#sign-in input[name=password]', password);
  await laptop.page.click('#sign-in button');
  await laptop.page.waitForSelector('#signed-in:not([hidden])');
  await laptop.page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
  assert.equal(await laptop.page.locator('#sessions li .new-device').count(), 0);
  await laptop.page.click('#sign-out');
  await laptop.page.waitForSelector('#signed-out:not([hidden])');
});

test('a session a backend opened through the service API shows its client and "signed in via"', async () => {
  const userId = `browser|${Date.now()}@idp.example.com`;
  const open = (client) => fetch(`${baseUrl}/service/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': serviceKey },
    body: JSON.stringify({ user_id: userId, client, claims: { tenant: 'acme' }, device_info: { device_type: 'desktop', os: 'Linux', browser: 'Firefox' } }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const web = await open('web');
  assert.equal(web.status, 201);
  assert.equal((await open(undefined)).status, 201);

  // The backend hands the session to this browser: one refresh in cookie mode puts its tokens in the page's cookies.
  const browser = await device();
  await browser.page.goto(baseUrl);
  const status = await browser.page.evaluate(async (refreshToken) => (await fetch('/auth/refresh?mode=cookie', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: refreshToken }),
  })).status, web.body.refresh_token);
  assert.equal(status, 200);
  await browser.page.reload();
  await browser.page.waitForSelector('#signed-in:not([hidden])');
  await browser.page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 2);
  assert.equal(await browser.page.textContent('#who'), userId);
  const current = browser.page.locator('#sessions li:has(.badge)');
  assert.match(await current.textContent(), /signed in via web/);
  assert.match(await browser.page.locator('#sessions li:not(:has(.badge))').textContent(), /signed in via default/);
  await browser.page.screenshot({ path: path.join(shots, '5-service-session.png'), fullPage: true });
});

/** A new account signed in on the page of a new browser context (a device); its email. */
async function signedInDevice() {
  const email = `tabs-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  await harness.call('POST', '/auth/register', { email, password });
  const tab = await device();
  await tab.page.goto(baseUrl);
  await tab.page.fill('#sign-in input[name=email]', email);
  await tab.page.fill('#sign-in input[name=password]', password);
  await tab.page.click('#sign-in button');
  await tab.page.waitForSelector('#signed-in:not([hidden])');
  return { ...tab, email };
}

/** Puts the page out of view (a tab in the background) or back in view, as the browser tells a page. */
const setHidden = (page, hidden) => page.evaluate((value) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
  document.dispatchEvent(new Event('visibilitychange'));
}, hidden);

test('Enter pressed before the page script has run sends nothing: the password never goes into a URL', async () => {
  const { page, context } = await device();
  const urls = []; // every request's address and body
  page.on('request', (request) => urls.push(`${request.url()} ${request.postData() ?? ''}`));
  let navigations = 0;
  page.on('framenavigated', () => { navigations += 1; });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/app.js', async (route) => { await held; await route.continue(); });
  await page.goto(baseUrl, { waitUntil: 'commit' });
  await page.waitForSelector('#sign-in input[name=password]');
  await page.fill('#sign-in input[name=email]', 'early@example.com');
  await page.fill('#sign-in input[name=password]', 'early-typed-secret');
  assert.equal(await page.isDisabled('#sign-in button'), true);

  const navigationsBefore = navigations;
  await page.press('#sign-in input[name=password]', 'Enter');
  release();
  await page.waitForFunction(() => !document.querySelector('#sign-in button').disabled); // the script took the form over

  assert.deepEqual(urls.filter((url) => url.includes('early')), [], 'nothing typed was sent, in an address or a body');
  assert.equal(navigations, navigationsBefore, 'the form was not submitted by the browser');
  assert.equal(new URL(page.url()).search, '');
  await context.close();
});

test('a tab in the background does not poll, so an unattended session can reach its idle timeout', async () => {
  const { page, context } = await signedInDevice();
  await setHidden(page, true);
  const polls = []; // counted from here: a poll sent before the page was hidden is not the background's
  page.on('request', (request) => { if (request.url().endsWith('/auth/sessions')) polls.push(Date.now()); });

  await page.waitForTimeout(6000); // longer than the 5 s poll: a visible page asks at least once in it
  assert.deepEqual(polls, []);

  const asked = page.waitForRequest((request) => request.url().endsWith('/auth/sessions'));
  await setHidden(page, false); // back in view: the list is brought up to date at once
  await asked;
  await context.close();
});

test('a tab signs out after another tab signed in again (a new anti-CSRF cookie for both)', async () => {
  const first = await signedInDevice();
  const second = await first.context.newPage(); // the same browser: the same cookies
  await second.goto(baseUrl);
  await second.waitForSelector('#signed-in:not([hidden])');
  await setHidden(second, true); // no poll of its own sees the moment between the first tab's sign-out and sign-in

  // The first tab signs out and in again: a new session, a new anti-CSRF token in the cookie both tabs share.
  await first.page.click('#sign-out');
  await first.page.waitForSelector('#signed-out:not([hidden])');
  await first.page.fill('#sign-in input[name=email]', first.email);
  await first.page.fill('#sign-in input[name=password]', password);
  await first.page.click('#sign-in button');
  await first.page.waitForSelector('#signed-in:not([hidden])');
  const caughtUp = second.waitForResponse((response) => response.url().endsWith('/auth/sessions') && response.ok());
  await setHidden(second, false); // back in view, it shows the new session (the shared cookies carry it)
  await caughtUp;

  await second.click('#sign-out');
  await second.waitForFunction(() => document.querySelector('#message').textContent.includes('You are signed out'));
  const { access_token: token } = (await harness.call('POST', '/auth/login', { email: first.email, password })).body;
  assert.equal((await harness.call('GET', '/auth/sessions', null, token)).body.count, 1, 'the sign-out ended the session: only the one just opened is left');
  await first.context.close();
});

test('nothing on these pages broke their Content-Security-Policy', () => {
  assert.deepEqual(harness.cspViolations, []);
});
