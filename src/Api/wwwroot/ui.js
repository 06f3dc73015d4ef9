// What the "your devices" page and the operator page show alike: relative times, devices and error messages.
import { ApiError } from './sessions-client.js';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export const $ = (selector) => document.querySelector(selector);

export function say(text) { $('#message').textContent = text; }

/**
 * Handles a form's submission here, then enables its submit button. The pages ship their forms with the button
 * disabled: submitted by the browser before this ran (Enter pressed while the script loads), a form would send its
 * fields, the password too, to the server itself.
 */
export function onSubmit(selector, handler) {
  const form = $(selector);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handler(new FormData(form));
  });
  for (const button of form.querySelectorAll('button[type=submit]')) button.disabled = false;
}

export function ago(iso) {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** What this browser is, as the session list shows it. */
export function deviceInfo() {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'Unknown OS';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox'
    : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  return { device_type: /Mobi/.test(ua) ? 'mobile' : 'desktop', os, browser };
}

/**
 * A page's two views: `showSignedOut` hides the signed-in section (by selector) and shows the sign-in one; `act` runs
 * an action and reports its failure, going back to sign-in on a 401.
 */
export function pageViews(signedInSection) {
  function showSignedOut(message) {
    $(signedInSection).hidden = true;
    $('#signed-out').hidden = false;
    if (message) say(message);
  }

  async function act(action) {
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return showSignedOut(explain(error));
      say(explain(error));
    }
  }

  return { showSignedOut, act };
}

export function explain(error) {
  if (!(error instanceof ApiError)) return 'The service cannot be reached; try again.';
  switch (error.code) {
    case 'invalid_credentials': return 'Wrong email or password.';
    case 'rate_limited': return 'Too many attempts. Wait a little and try again.';
    case 'email_taken': return 'An account with this email already exists.';
    case 'session_limit_reached': return 'You are signed in on too many devices. Sign out on one of them first.';
    case 'session_revoked': return 'You were signed out from another device.';
    case 'session_expired': return 'Your session expired. Please sign in again.';
    case 'forbidden': return 'This account is not an operator.';
    default: return error.message;
  }
}

/** One session as a list item: device, address and times, with a button that runs `onEnd`. */
export function sessionItem(session, buttonText, onEnd) {
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
  if (session.new_device && Date.now() - Date.parse(session.created_at) < 24 * 3600 * 1000) {
    const flag = document.createElement('span');
    flag.className = 'new-device';
    flag.textContent = 'new device';
    flag.title = 'The first sign-in from this device in 90 days';
    text.append(flag);
  }
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `${session.ip_address || 'unknown address'} · signed in ${ago(session.created_at)} · active ${ago(session.last_activity)}`;
  text.append(meta);
  if (session.client) {
    // Which app the session belongs to; a session a backend opened (the service API) says it was signed in there.
    const client = document.createElement('div');
    client.className = 'meta client';
    client.textContent = session.sign_in_method === 'service' ? `signed in via ${session.client}` : `app: ${session.client}`;
    text.append(client);
  }
  item.append(text);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = buttonText;
  button.setAttribute('aria-label', `${buttonText}: ${title.textContent}`);
  button.addEventListener('click', onEnd);
  item.append(button);
  return item;
}
