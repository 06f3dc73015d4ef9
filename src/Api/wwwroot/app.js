// The "your devices" page: sign up, sign in, see and end your sessions. Uses the cookie-mode client module.
import { SessionsClient, ApiError } from './sessions-client.js';

const client = new SessionsClient();
const $ = (selector) => document.querySelector(selector);
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

function say(text) { $('#message').textContent = text; }

function ago(iso) {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

function deviceInfo() {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'Unknown OS';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox'
    : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  return { device_type: /Mobi/.test(ua) ? 'mobile' : 'desktop', os, browser };
}

function explain(error) {
  if (!(error instanceof ApiError)) return 'The service cannot be reached; try again.';
  switch (error.code) {
    case 'invalid_credentials': return 'Wrong email or password.';
    case 'rate_limited': return 'Too many attempts. Wait a little and try again.';
    case 'email_taken': return 'An account with this email already exists.';
    case 'session_limit_reached': return 'You are signed in on too many devices. Sign out on one of them first.';
    case 'session_revoked': return 'You were signed out from another device.';
    case 'session_expired': return 'Your session expired. Please sign in again.';
    case 'validation_failed': return error.message;
    default: return error.message;
  }
}

function showSignedOut(message) {
  $('#signed-in').hidden = true;
  $('#signed-out').hidden = false;
  if (message) say(message);
}

function renderSession(session) {
  const item = document.createElement('li');
  const device = session.device_info || {};
  const text = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = `${device.browser || 'Browser'} on ${device.os || 'unknown OS'} (${device.device_type || 'device'})`;
  text.append(title);
  if (session.is_current) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'this device';
    text.append(badge);
  }
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `${session.ip_address || 'unknown address'} · signed in ${ago(session.created_at)} · active ${ago(session.last_activity)}`;
  text.append(meta);
  item.append(text);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = session.is_current ? 'Sign out' : 'Sign out this device';
  button.setAttribute('aria-label', `Sign out ${title.textContent}`);
  button.addEventListener('click', () => act(async () => {
    await client.revoke(session.session_id);
    if (session.is_current) return showSignedOut('You are signed out.');
    say('That device is signed out.');
    await refreshList();
  }));
  item.append(button);
  return item;
}

async function refreshList() {
  const [me, list] = await Promise.all([client.me(), client.sessions()]);
  $('#who').textContent = me.email;
  $('#sessions').replaceChildren(...list.sessions.map(renderSession));
  $('#signed-out').hidden = true;
  $('#signed-in').hidden = false;
}

async function act(action) {
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignedOut(explain(error));
    say(explain(error));
  }
}

$('#sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  act(async () => {
    await client.login(form.get('email'), form.get('password'), form.get('remember') === 'on', deviceInfo());
    say('');
    await refreshList();
  });
});

$('#sign-up').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  act(async () => {
    await client.register(form.get('email'), form.get('password'));
    await client.login(form.get('email'), form.get('password'), false, deviceInfo());
    say('Welcome! Your account is ready.');
    await refreshList();
  });
});

$('#sign-out').addEventListener('click', () => act(async () => { await client.logout(); showSignedOut('You are signed out.'); }));
$('#sign-out-others').addEventListener('click', () => act(async () => {
  const result = await client.revokeOthers();
  say(`Signed out of ${result.sessions_revoked} other device(s).`);
  await refreshList();
}));

// Keep the list fresh, and notice a sign-out made from another device.
setInterval(() => { if (!$('#signed-in').hidden) act(refreshList); }, 5000);

if (client.signedIn) act(refreshList);
