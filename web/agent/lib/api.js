// The public REST API (/api/v2), called with the session cookie.  Writes
// carry the session's CSRF token (from the page's <meta name="csrf-token">)
// as X-CSRF-Token, as every cookie-authenticated write must.  A path that
// starts with / is the workspace's own (/agent/presence), not the API's.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

export class ApiError extends Error {
  constructor(status, body) {
    const details = body?.details
      ? Object.values(body.details).flat().map((d) => d.description).filter(Boolean)
      : [];
    super(details.join(' ') || body?.description || body?.error || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

// The status a signed-out request gets: the page reloads to the sign-in form.
function signedOut() {
  window.location.assign('/agent?return_to=' + encodeURIComponent(location.pathname));
}

// opts: {keepalive} lets the request outlive the page (pagehide).
export async function api(method, path, body, { keepalive = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path.startsWith('/') ? path : '/api/v2/' + path, {
    method, headers, credentials: 'same-origin', keepalive,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) signedOut();
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body, opts) => api('POST', path, body, opts);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// Every item of a cursor-paged list (bounded: settings lists are small).
export async function all(path, root, max = 1000) {
  const items = [];
  let next = path + (path.includes('?') ? '&' : '?') + 'page[size]=100';
  while (next && items.length < max) {
    const res = await get(next);
    items.push(...res[root]);
    next = res.meta?.has_more ? res.links.next.replace(/^.*\/api\/v2\//, '') : null;
  }
  return items;
}

export async function signOut() {
  await fetch('/agent/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf },
    credentials: 'same-origin' });
  window.location.assign('/agent?notice=signed_out');
}
