// The operator page: find a user by email, see and end their sessions, and reach the Orleans dashboard.
import { ApiError, SessionsClient } from './sessions-client.js';
import { $, say, ago, onSubmit, sessionItem, deviceInfo, pageViews } from './ui.js';

const client = new SessionsClient();
const { showSignedOut, act } = pageViews('#console');
let shownUser = null;

async function showConsole() {
  const me = await client.me();
  const [links, stats] = await Promise.all([client.operatorLinks(), client.clusterStats()]);
  $('#who').textContent = me.email;
  $('#stats').textContent = `${stats.users_online} users online, ${stats.active_sessions} active sessions.`;
  if (links.dashboard_url) {
    $('#dashboard').href = links.dashboard_url;
    $('#dashboard').hidden = false;
  }
  $('#signed-out').hidden = true;
  $('#console').hidden = false;
}

async function showUser(user) {
  shownUser = user;
  const list = await client.userSessions(user.user_id);
  $('#user-email').textContent = user.email;
  const roles = user.roles.length ? user.roles.join(', ') : 'no roles';
  $('#user-meta').textContent = `User ${user.user_id} · ${roles} · joined ${ago(user.created_at)} · ${list.count} of ${list.max_sessions} sessions`;
  $('#sessions').replaceChildren(...list.sessions.map((session) => sessionItem(session, 'Revoke', () => act(async () => {
    await client.revokeUserSession(user.user_id, session.session_id);
    say('That session is revoked.');
    await showUser(user);
  }))));
  $('#user').hidden = false;
}

onSubmit('#sign-in', (form) => act(async () => {
  await client.login(form.get('email'), form.get('password'), false, deviceInfo());
  say('');
  try {
    await showConsole();
  } catch (error) {
    // Not an operator: the session this sign-in opened is ended, not left behind for the next person at this browser.
    if (error instanceof ApiError && error.status === 403) await client.logout().catch(() => {});
    throw error;
  }
}));

onSubmit('#search', (form) => act(async () => {
  const email = form.get('email');
  const { users } = await client.findUser(email);
  if (users.length === 0) {
    $('#user').hidden = true;
    return say(`No account has the email ${email}.`);
  }
  say('');
  await showUser(users[0]);
}));

$('#revoke-all').addEventListener('click', () => act(async () => {
  const { sessions_revoked: revoked } = await client.revokeUserSessions(shownUser.user_id);
  say(`Signed ${shownUser.email} out of ${revoked} session(s).`);
  await showUser(shownUser);
}));

$('#sign-out').addEventListener('click', () => act(async () => { await client.logout(); showSignedOut('You are signed out.'); }));

if (client.signedIn) act(showConsole);
