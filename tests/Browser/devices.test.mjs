// The "your devices" page in a real browser (Debian's Chromium driven by playwright-core): sign up, sign in on two
// devices, see both sessions, sign one out from the other, and check it is signed out. Screenshots of each page go
// to artifacts/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..');
const configuration = process.env.CONFIGURATION ?? 'Release';
const shots = path.join(root, 'artifacts', 'screenshots');
const password = 'correct horse battery';
let api;
let browser;
let baseUrl;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url, deadline = Date.now() + 90_000) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready`);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  api = spawn('dotnet', [path.join(root, 'src', 'Api', 'bin', configuration, 'net10.0', 'OrleansSessions.Api.dll'), '--urls', baseUrl], {
    env: { ...process.env, Orleans__SiloPort: String(await freePort()), Orleans__GatewayPort: String(await freePort()), DOTNET_ENVIRONMENT: 'Production' },
    cwd: path.join(root, 'src', 'Api'), // the content root: the page's files are in src/Api/wwwroot
    stdio: 'ignore',
  });
  await waitReady(`${baseUrl}/health/ready`);
  const executablePath = execSync('command -v chromium').toString().trim();
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  api?.kill('SIGTERM');
});

async function device(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
  return { context, page: await context.newPage() };
}

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
});
