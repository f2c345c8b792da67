// Live updates (docs/agent.md, "Live updates"): one EventSource per page on
// /agent/events, whose events are re-dispatched on window as CustomEvents
// that any part of the workspace may listen to:
//
//   parley:ticket    detail {id, action, updated_at, actor_id}: a ticket was
//                    created, updated or deleted.  After missed events (a
//                    server restart, a stream that fell behind) one
//                    {id: null, action: 'reset', updated_at: null,
//                    actor_id: null} asks listeners to refetch what they show.
//   parley:presence  detail {ticket_id, users: [{id, name, typing}]}: who is
//                    on a ticket now (the page's own user included).
//
// Events carry ids only; listeners refetch through /api/v2.  The browser
// reconnects by itself and resumes with Last-Event-ID; when it gives up
// (the server refused the stream) the page tries again a little later.

import { post } from './api.js';

const RETRY_MS = 15000;
const BEAT_MS = 12000;       // presence renewal; the server forgets it after 30 s
const TYPING_IDLE_MS = 5000;

let source = null;

function fire(name, detail) {
  window.dispatchEvent(new CustomEvent(name, { detail }));
}

function open() {
  source = new EventSource('/agent/events');
  source.addEventListener('ticket', (e) => fire('parley:ticket', JSON.parse(e.data)));
  source.addEventListener('presence', (e) => fire('parley:presence', JSON.parse(e.data)));
  source.addEventListener('reset', () =>
    fire('parley:ticket', { id: null, action: 'reset', updated_at: null, actor_id: null }));
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.CLOSED) return; // reconnecting
    source = null;
    setTimeout(open, RETRY_MS * (1 + Math.random()));
  });
}

// Opens the page's stream; later calls do nothing.
export function connect() {
  if (!source) open();
}

// Tells the other agents that this page shows ticket id, renewing it until
// stop().  onUsers(users) gets who is on the ticket from each answer.
// typing() marks the agent as typing until TYPING_IDLE_MS pass without it.
export function present(id, onUsers) {
  let typing = false;
  let idle = null;
  const send = (state, opts) => post('/agent/presence', { ticket_id: id, state }, opts)
    .then((res) => { if (state !== 'left') onUsers(res.users); })
    .catch(() => {}); // presence is best effort
  const beat = setInterval(() => send(typing ? 'typing' : 'viewing'), BEAT_MS);
  const leave = () => send('left', { keepalive: true });
  window.addEventListener('pagehide', leave);
  send('viewing');
  return {
    typing() {
      clearTimeout(idle);
      idle = setTimeout(() => { typing = false; send('viewing'); }, TYPING_IDLE_MS);
      if (!typing) {
        typing = true;
        send('typing');
      }
    },
    stop() {
      clearInterval(beat);
      clearTimeout(idle);
      window.removeEventListener('pagehide', leave);
      leave();
    },
  };
}
