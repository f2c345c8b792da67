// The SLA targets of a ticket, as GET tickets/{id}?include=slas gives them
// ({policy_metrics: [{metric, stage, breach_at, days, hours, minutes}]}):
// an active target counts down to breach_at, recomputed every
// TICK_MS; a breached one says so in words and in red; a paused one shows
// the time its target has left.  Achieved targets are not listed by the API.

import { h, mount, when } from './dom.js';
import { lang } from './i18n.js';

const TICK_MS = 20000;

// "2 d 3 h", "3 h 12 min", "12 min" for a number of minutes >= 0.
export function span(minutes, t) {
  const m = Math.floor(minutes);
  const d = Math.floor(m / 1440);
  const hr = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d) return t('sla.days_hours', { d, h: hr });
  if (hr) return t('sla.hours_minutes', { h: hr, m: min });
  return t('sla.minutes', { m: min });
}

function target(pm, t, now) {
  const name = t(`sla.metric.${pm.metric}`);
  if (pm.stage === 'paused') {
    const left = (pm.days || 0) * 1440 + (pm.hours || 0) * 60 + (pm.minutes || 0);
    return h('li', { class: 'sla paused' }, h('span', { class: 'name' }, name),
      h('span', { class: 'left' }, t('sla.paused', { left: span(Math.max(0, left), t) })));
  }
  const due = Date.parse(pm.breach_at);
  const minutes = (due - now) / 60000;
  const breached = minutes <= 0;
  return h('li', { class: `sla ${breached ? 'breached' : minutes < 60 ? 'soon' : 'active'}` },
    h('span', { class: 'name' }, name),
    h('strong', { class: 'left' }, breached
      ? t('sla.breached', { ago: span(-minutes, t) })
      : t('sla.left', { left: span(minutes, t) })),
    h('span', { class: 'due muted' }, h('time', { datetime: pm.breach_at }, when(pm.breach_at, lang))));
}

// The panel for ticket tk (null when no policy targets it) and the
// function that stops its timer.
export function slaPanel(tk, t) {
  const metrics = tk.slas?.policy_metrics || [];
  if (!metrics.length) return [null, () => {}];
  const list = h('ul', { class: 'slas' });
  const draw = () => mount(list, metrics.map((pm) => target(pm, t, Date.now())));
  draw();
  const timer = setInterval(draw, TICK_MS);
  return [h('section', { class: 'sla-panel', 'aria-labelledby': 'sla-title' },
    h('h2', { id: 'sla-title' }, t('sla.title')), list), () => clearInterval(timer)];
}
