// The "your devices" page: sign up, sign in, see and end your sessions. Uses the cookie-mode client module.
import { SessionsClient } from './sessions-client.js';
import { $, say, onSubmit, sessionItem, deviceInfo, pageViews } from './ui.js';

const client = new SessionsClient();
const { showSignedOut, act } = pageViews('#signed-in');

function renderSession(session) {
  return sessionItem(session, session.is_current ? 'Sign out' : 'Sign out this device', () => act(async () => {
    await client.revoke(session.session_id);
    if (session.is_current) return showSignedOut('You are signed out.');
    say('That device is signed out.');
    await refreshList();
  }));
}

async function refreshList() {
  const [me, list] = await Promise.all([client.me(), client.sessions()]);
  $('#who').textContent = me.email ?? me.user_id; // a user a backend signed in has no email here
  $('#sessions').replaceChildren(...list.sessions.map(renderSession));
  $('#signed-out').hidden = true;
  $('#signed-in').hidden = false;
}

onSubmit('#sign-in', (form) => act(async () => {
  await client.login(form.get('email'), form.get('password'), form.get('remember') === 'on', deviceInfo());
  say('');
  await refreshList();
}));

onSubmit('#sign-up', (form) => act(async () => {
  await client.register(form.get('email'), form.get('password'));
  await client.login(form.get('email'), form.get('password'), false, deviceInfo());
  say('Welcome! Your account is ready.');
  await refreshList();
}));

$('#sign-out').addEventListener('click', () => act(async () => { await client.logout(); showSignedOut('You are signed out.'); }));
$('#sign-out-others').addEventListener('click', () => act(async () => {
  const result = await client.revokeOthers();
  say(`Signed out of ${result.sessions_revoked} other device(s).`);
  await refreshList();
}));

// Keep the list fresh while the page is in view, and notice a sign-out made from another device. A tab in the
// background does not ask: every call counts as activity, and an unattended tab would keep its session from ever
// reaching its idle timeout.
const inView = () => !document.hidden && !$('#signed-in').hidden;
setInterval(() => { if (inView()) act(refreshList); }, 5000);
document.addEventListener('visibilitychange', () => { if (inView()) act(refreshList); });

if (client.signedIn) act(refreshList);
