// OrleansSessions browser client (ES module, no framework). Cookie mode (the default): the tokens live in HttpOnly
// cookies and this module sends the anti-CSRF header on state changes. Bearer mode (`{ mode: 'bearer' }`): the token
// pair is kept in this object's memory only and sent as `Authorization: Bearer`. Either way it refreshes before the
// access token expires, and on a 401 for an expired token refreshes once (a single refresh in flight at a time) and
// retries the call once. In cookie mode every tab of the origin shares the refresh cookie, and the Api takes a second
// use of a refresh token as theft: tabs take turns to refresh (Web Locks), and a tab that needs a refresh while another
// tab is refreshing waits for it and sends its call again with the cookies it set (and if they were not renewed, as
// when that tab's reauthentication failed, refreshes itself). The timed refresh waits while the page is out of view, so
// an unattended background tab does not keep its session from the idle timeout. reauthenticate() rotates the refresh
// token too, so it takes the same turn: after a refresh in flight, never beside one. The anti-CSRF token is read from
// its cookie on every state change, since another tab's sign-in or refresh replaces it for all tabs.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const MODES = new Set(['cookie', 'bearer']);
const SIGNED_OUT = ['session_revoked', 'session_expired', 'invalid_token', 'refresh_token_reused'];
const REFRESH_LOCK = 'orleans-sessions-refresh';
const CSRF_COOKIE = '__Host-os_csrf';
const AFTER_OTHERS = 'after-others'; // a call sent again after another tab's (or call's) turn to renew the pair

function readCookie(name) {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

export class SessionsClient {
  constructor(baseUrl = '', { mode = 'cookie' } = {}) {
    if (!MODES.has(mode)) throw new TypeError(`mode must be 'cookie' or 'bearer', not '${mode}'`);
    this.baseUrl = baseUrl;
    this.mode = mode;
    this.csrf = mode === 'cookie' ? readCookie(CSRF_COOKIE) : null;
    this.tokens = null; // bearer mode: { accessToken, refreshToken }, never stored outside this object
    this.refreshing = null; // { generation, promise } of the last refresh
    this.reauthenticating = null; // the reauthentication in flight (it rotates the pair as a refresh does)
    this.refreshTimer = null;
    this.generation = 0; // counts the tokens this client has been given
  }

  get signedIn() {
    return this.mode === 'bearer' ? Boolean(this.tokens) : Boolean(this.csrf);
  }

  async register(email, password) {
    return this.#send('POST', '/auth/register', { email, password }, { retry: false, anonymous: true });
  }

  async login(email, password, rememberMe, deviceInfo) {
    const body = await this.#send('POST', this.#withMode('/auth/login'),
      { email, password, remember_me: rememberMe, device_info: deviceInfo }, { retry: false, anonymous: true });
    this.#signedIn(body);
    return body;
  }

  me() { return this.#send('GET', '/auth/me'); }

  /**
   * Proves the password again for this session (before a sensitive call): the new token pair, with auth_time now, is
   * kept like a refresh's. A wrong password rejects with code 'invalid_credentials' and leaves the client signed in.
   */
  async reauthenticate(password) {
    await this.refreshing?.promise.catch(() => {}); // a refresh in flight presents the refresh token this rotates
    const post = () => this.#rotating(async () => {
      const body = await this.#send('POST', '/auth/reauthenticate', { password }, { retry: false });
      this.#signedIn(body);
      return body;
    });
    try {
      return await post();
    } catch (error) {
      if (error.code !== 'token_expired') throw error;
      await this.refresh(); // not in the turn: a refresh takes it itself
      return post();
    }
  }

  sessions() { return this.#send('GET', '/auth/sessions'); }

  revoke(sessionId) { return this.#send('DELETE', `/auth/sessions/${encodeURIComponent(sessionId)}`); }

  revokeOthers() { return this.#send('DELETE', '/auth/sessions?keep_current=true'); }

  // Operators (accounts with the admin role).
  findUser(email) { return this.#send('GET', `/admin/users?email=${encodeURIComponent(email)}`); }

  userSessions(userId) { return this.#send('GET', `/admin/users/${encodeURIComponent(userId)}/sessions`); }

  revokeUserSession(userId, sessionId) {
    return this.#send('DELETE', `/admin/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`);
  }

  revokeUserSessions(userId) { return this.#send('DELETE', `/admin/users/${encodeURIComponent(userId)}/sessions`); }

  clusterStats() { return this.#send('GET', '/admin/stats'); }

  operatorLinks() { return this.#send('GET', '/admin/links'); }

  /** Ends the session at the Api (refreshing first when the access token has expired, so it is really ended). */
  async logout() {
    try {
      await this.#send('POST', '/auth/logout', null);
    } finally {
      this.#signedOut();
    }
  }

  /**
   * One refresh per token pair: callers that need one while it runs share its result, and so do callers whose 401
   * arrives after it was refused (the client is signed out then; only a login starts a new one). A refresh that
   * failed for another reason (network, 503) can be tried again. It resolves to null when someone else brought the
   * new pair: in cookie mode another tab that held the refresh turn (its cookies in place), or this client's
   * reauthentication in flight.
   */
  refresh() {
    const reauthenticating = this.reauthenticating;
    if (reauthenticating) {
      // It brings a new pair (then nothing is left to refresh) or fails and leaves the pair as it was.
      return reauthenticating.then(() => null, () => {
        if (this.reauthenticating === reauthenticating) this.reauthenticating = null;
        return this.refresh();
      });
    }
    if (this.refreshing?.generation !== this.generation) {
      const refreshing = {
        generation: this.generation,
        promise: this.#refreshInTurn()
          .then((body) => {
            if (body) this.#signedIn(body);
            else this.generation += 1; // the cookies another tab refreshed
            return body;
          })
          .catch((error) => {
            if (this.signedIn && this.refreshing === refreshing) this.refreshing = null;
            throw error;
          }),
      };
      this.refreshing = refreshing;
    }
    return this.refreshing.promise;
  }

  /**
   * Cookie mode: one tab of the origin refreshes at a time, so the shared refresh cookie is never presented twice.
   * A tab that finds another one refreshing waits until it is done and refreshes nothing itself (null).
   */
  #refreshInTurn() {
    const post = () => {
      const body = this.mode === 'bearer' ? { refresh_token: this.tokens?.refreshToken ?? '' } : null;
      return this.#send('POST', this.#withMode('/auth/refresh'), body, { retry: false, anonymous: true });
    };
    if (!this.#sharesCookies) return post();
    return navigator.locks.request(REFRESH_LOCK, { ifAvailable: true }, async (lock) => {
      if (lock) return post();
      await navigator.locks.request(REFRESH_LOCK, () => {});
      return null;
    });
  }

  /**
   * Runs `rotate`, a call that replaces the token pair, when no tab of the origin is refreshing (cookie mode: it waits
   * for its turn); this client's refreshes meanwhile wait for it.
   */
  async #rotating(rotate) {
    const running = this.#sharesCookies ? navigator.locks.request(REFRESH_LOCK, rotate) : rotate();
    this.reauthenticating = running;
    try {
      return await running;
    } finally {
      if (this.reauthenticating === running) this.reauthenticating = null;
    }
  }

  get #sharesCookies() { return this.mode === 'cookie' && Boolean(globalThis.navigator?.locks); }

  async #send(method, path, body, { retry = true, anonymous = false } = {}) {
    const generation = this.generation;
    const headers = { Accept: 'application/json' };
    if (body !== null && body !== undefined) headers['Content-Type'] = 'application/json';
    if (!SAFE.has(method) && this.mode === 'cookie') {
      this.csrf = readCookie(CSRF_COOKIE) ?? this.csrf;
      if (this.csrf) headers['X-CSRF-Token'] = this.csrf;
    }
    if (this.tokens && !anonymous) headers.Authorization = `Bearer ${this.tokens.accessToken}`;
    const response = await fetch(this.baseUrl + path, {
      method, headers, credentials: 'same-origin', body: body === null || body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const payload = await response.json().catch(() => null);
    if (response.ok) return payload;
    if (retry && response.status === 401 && payload?.code === 'token_expired') {
      // A refresh that finished while this call was out already replaced its token: just send it again.
      if (generation === this.generation && await this.refresh() === null && retry !== AFTER_OTHERS) {
        // Someone else held the turn: if the token is still expired they renewed nothing, and this call refreshes.
        return this.#send(method, path, body, { retry: AFTER_OTHERS });
      }
      return this.#send(method, path, body, { retry: false });
    }
    if (response.status === 401 && SIGNED_OUT.includes(payload?.code)) {
      this.#signedOut();
    }
    throw new ApiError(response.status, payload);
  }

  #withMode(path) { return this.mode === 'cookie' ? `${path}?mode=cookie` : path; }

  #signedIn(body) {
    if (this.mode === 'bearer') {
      this.tokens = { accessToken: body.access_token, refreshToken: body.refresh_token };
    } else {
      this.csrf = body.csrf_token;
    }
    this.generation += 1;
    clearTimeout(this.refreshTimer);
    // Refresh when 80% of the access token's life has gone.
    this.refreshTimer = setTimeout(() => this.#refreshWhenInView(), Math.max(5, body.expires_in * 0.8) * 1000);
  }

  /**
   * The timed refresh, unless the page is out of view: a refresh counts as activity, so a background tab refreshing
   * on its own would keep an unattended session from its idle timeout. A call made meanwhile refreshes on its 401;
   * back in view, the page refreshes at once.
   */
  #refreshWhenInView() {
    const page = globalThis.document;
    if (!page?.hidden) {
      this.refresh().catch(() => {});
      return;
    }
    const generation = this.generation;
    page.addEventListener('visibilitychange', () => {
      if (this.generation === generation && this.signedIn) this.refresh().catch(() => {});
    }, { once: true });
  }

  #signedOut() {
    this.csrf = null;
    this.tokens = null;
    clearTimeout(this.refreshTimer);
  }
}
