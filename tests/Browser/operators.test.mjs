// The operator page in a real browser: an admin signs in, finds a user by email, sees their sessions, revokes one
// (which the user's token then feels), and reaches the dashboard link. A non-admin is told they are not an operator,
// and the session their sign-in opened is ended.
// The dashboard itself asks for the operator sign-in (HTTP Basic) and works with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, shots, password } from './harness.mjs';

const adminEmail = 'ops@example.com';
const operator = { username: 'operator', password: 'dashboard-secret-1' };
let harness;

before(async () => {
  harness = await start({ Auth__BootstrapAdmin__Email: adminEmail,
    Auth__BootstrapAdmin__Password: password,
    Dashboard__Username: operator.username, Dashboard__Password: operator.password });
});
after(() => harness?.stop());

async function signUpAndLogin(email, deviceInfo) {
  await harness.call('POST', '/auth/register', { email, password });
  const login = await harness.call('POST', '/auth/login', { email, password, device_info: deviceInfo });
  assert.equal(login.status, 200);
  return login.body;
}

async function signIn(page, email) {
  await page.goto(`${harness.baseUrl}/admin.html`);
  await page.fill('#sign-in input[name=email]', email);
  await page.fill('#sign-in input[name=password]', password);
  await page.press('#sign-in input[name=password]', 'Enter');
}

test('an operator finds a user by email and revokes one of their sessions', async () => {
  const email = `customer-${Date.now()}@example.com`;
  const laptop = await signUpAndLogin(email, { device_type: 'desktop', os: 'Windows', browser: 'Edge' });
  const phone = await signUpAndLogin(email, { device_type: 'mobile', os: 'Android', browser: 'Chrome' });

  const { page } = await harness.device();
  await signIn(page, adminEmail);
  await page.waitForSelector('#console:not([hidden])');
  assert.equal(await page.getAttribute('#dashboard', 'href'), '/dashboard');
  assert.match(await page.textContent('#stats'), /\d+ users online, \d+ active sessions/);

  await page.fill('#search input[name=email]', email.toUpperCase());
  await page.press('#search input[name=email]', 'Enter');
  await page.waitForSelector('#user:not([hidden])');
  assert.equal(await page.textContent('#user-email'), email);
  assert.equal(await page.locator('#sessions li').count(), 2);
  assert.match(await page.textContent('#sessions'), /Chrome on Android \(mobile\)/);
  await page.screenshot({ path: path.join(shots, '5-operator-console.png'), fullPage: true });

  await page.click('#sessions li:has-text("Android") button');
  await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
  assert.match(await page.textContent('#message'), /revoked/);
  assert.equal((await harness.call('GET', '/auth/me', null, phone.access_token)).body.code, 'session_revoked');
  assert.equal((await harness.call('GET', '/auth/me', null, laptop.access_token)).status, 200);

  await page.fill('#search input[name=email]', 'nobody-at-all@example.com');
  await page.click('#search button');
  await page.waitForFunction(() => document.querySelector('#message').textContent.includes('No account has the email'));
  assert.equal(await page.isHidden('#user'), true);
});

test('a user who is not an operator is told so', async () => {
  const email = `curious-${Date.now()}@example.com`;
  await harness.call('POST', '/auth/register', { email, password });
  const { page } = await harness.device();
  await signIn(page, email);
  await page.waitForFunction(() => document.querySelector('#message').textContent.includes('not an operator'));
  assert.equal(await page.isHidden('#console'), true);
  // The sign-in's session was ended, not left for the next person at this browser.
  assert.equal(await page.evaluate(() => document.cookie), '');
  const { access_token: token } = (await harness.call('POST', '/auth/login', { email, password })).body;
  assert.equal((await harness.call('GET', '/auth/sessions', null, token)).body.count, 1, 'only the session just opened');
});

test('the dashboard asks for the operator sign-in and works with it', async () => {
  assert.equal((await fetch(`${harness.baseUrl}/dashboard/`)).status, 401);
  const wrong = await harness.device({ httpCredentials: { ...operator, password: 'guess' } });
  assert.equal((await wrong.page.goto(`${harness.baseUrl}/dashboard/`)).status(), 401);

  const { page } = await harness.device({ viewport: { width: 1280, height: 900 }, httpCredentials: operator });
  const failed = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  page.on('response', (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });
  assert.equal((await page.goto(`${harness.baseUrl}/dashboard/`)).status(), 200);
  // Its script draws the overview from the dashboard's own API calls, which carry the same sign-in.
  await page.waitForFunction(() => /total activations\s*[1-9]/i.test(document.body.innerText), null, { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, '7-dashboard.png') });
  assert.deepEqual(failed.filter((url) => url.includes(harness.baseUrl)), []);
});

test('nothing on these pages broke their Content-Security-Policy', () => {
  assert.deepEqual(harness.cspViolations, []);
});
