// The API reference at /docs renders in a real browser without the internet: the endpoints, an example and the
// error codes are on the page. A screenshot goes to artifacts/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, shots } from './harness.mjs';

let harness;

before(async () => { harness = await start(); });
after(() => harness?.stop());

test('the API reference shows every endpoint with its error codes', async () => {
  const { page } = await harness.device({ viewport: { width: 1280, height: 900 } });
  const failed = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  await page.goto(`${harness.baseUrl}/docs`);
  await page.waitForFunction(() => document.body.innerText.includes('Sign in: opens a session and returns its tokens.'), null, { timeout: 30_000 });
  await page.click('text=Sign in: opens a session and returns its tokens.');
  await page.waitForFunction(() => document.body.innerText.includes('session_limit_reached'), null, { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, '6-api-reference.png') });
  const text = await page.evaluate(() => document.body.innerText);
  const expected = ['Create an account.', 'Rotate the refresh token', 'Revoke one of the caller', 'Admin', 'Other services',
    'Operators', 'ada@example.com', 'validation_failed', 'email_taken', 'session_limit_reached', 'rate_limited'];
  for (const words of expected) {
    assert.ok(text.includes(words), `the reference shows "${words}"`);
  }
  assert.deepEqual(failed, []); // nothing from elsewhere either: no fonts from Scalar's CDN
  assert.deepEqual(harness.cspViolations, []);
});
