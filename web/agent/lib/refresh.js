// Keeping a page's data current.  onTicketChange(fn) runs fn after a
// ticket changes: on the window event "parley:ticket" (detail {id, action,
// updated_at, actor_id}, dispatched by the live updates), debounced so a
// burst of changes costs one refresh; every EVERY_MS in any case, so counts
// stay fresh without live updates; and when the tab comes back into view
// after a change or a missed tick.  Nothing runs while the tab is hidden.
// fn gets alive(), false once stopped (a reply that arrives after the
// page was left is dropped).  Returns the function that stops it.

const DEBOUNCE_MS = 800;
const EVERY_MS = 60000;

export function onTicketChange(fn, { debounce = DEBOUNCE_MS, every = EVERY_MS } = {}) {
  let timer = null;
  let stale = false;
  let stopped = false;
  const alive = () => !stopped;
  const run = () => {
    timer = null;
    if (document.hidden) {
      stale = true;
      return;
    }
    stale = false;
    fn(alive);
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, debounce);
  };
  const visible = () => { if (!document.hidden && stale) soon(); };
  window.addEventListener('parley:ticket', soon);
  document.addEventListener('visibilitychange', visible);
  const tick = setInterval(run, every);
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(tick);
    window.removeEventListener('parley:ticket', soon);
    document.removeEventListener('visibilitychange', visible);
  };
}
