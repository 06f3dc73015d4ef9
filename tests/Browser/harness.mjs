// What every browser test needs: the real Api (embedded mode, from the Release build) on a free port with a known
// signing key, and Debian's Chromium driven by playwright-core. Screenshots go to artifacts/screenshots.
import { spawn, execSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..');
const configuration = process.env.CONFIGURATION ?? 'Release';
export const shots = path.join(root, 'artifacts', 'screenshots');
export const password = 'correct horse battery';

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

/** Starts the Api and Chromium; settings are extra environment variables for the Api. */
export async function start(settings = {}) {
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const api = spawn('dotnet', [path.join(root, 'src', 'Api', 'bin', configuration, 'net10.0', 'OrleansSessions.Api.dll'), '--urls', baseUrl], {
    env: {
      ...process.env,
      Orleans__SiloPort: String(await freePort()),
      Orleans__GatewayPort: String(await freePort()),
      Jwt__SigningKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      Auth__SecretKey: randomBytes(32).toString('base64'),
      DOTNET_ENVIRONMENT: 'Production',
      ASPNETCORE_ENVIRONMENT: 'Production', // wins over DOTNET_ENVIRONMENT, so a developer's shell cannot turn it to Development
      ...settings,
    },
    cwd: path.join(root, 'src', 'Api'), // the content root: the page's files are in src/Api/wwwroot
    stdio: 'ignore',
  });
  await waitReady(`${baseUrl}/health/ready`);
  const browser = await chromium.launch({
    executablePath: execSync('command -v chromium').toString().trim(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const cspViolations = [];
  return {
    baseUrl,
    privateKey,
    browser,
    /** What Chromium refused under the pages' Content-Security-Policy, on every page opened so far: should stay empty. */
    cspViolations,
    async device(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && message.text().includes('Content Security Policy')) cspViolations.push(`${page.url()}: ${message.text()}`);
      });
      return { context, page };
    },
    /** Calls the Api directly, the way another client app would. */
    async call(method, route, body, token) {
      const headers = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      const response = await fetch(baseUrl + route, { method, headers, body: body ? JSON.stringify(body) : undefined });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    },
    async stop() {
      await browser.close();
      api.kill('SIGTERM');
    },
  };
}
