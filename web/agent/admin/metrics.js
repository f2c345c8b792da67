// The targets of an SLA policy (field type "metrics"): a table with a row
// per metric and a column per priority, each cell a target in minutes
// (empty: no target) and whether it counts business hours.  Reads as the
// API's policy_metrics [{priority, metric, target, business_hours}].

import { h } from '../lib/dom.js';

const METRICS = ['first_reply_time', 'next_reply_time', 'periodic_update_time',
  'pausable_update_time', 'requester_wait_time', 'agent_work_time'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];

export async function metricsControl(f, value, { t }) {
  const cells = [];
  const find = (p, m) => (value || []).find((x) => x.priority === p && x.metric === m);
  const body = METRICS.map((m) => h('tr', null,
    h('th', { scope: 'row' }, t(`sla.${m}`)),
    PRIORITIES.map((p) => {
      const cur = find(p, m);
      const what = `${t(`sla.${m}`)}, ${t(`priority.${p}`)}`;
      const target = h('input', { type: 'number', min: 1, step: 1, value: cur?.target ?? '',
        'aria-label': t('sla.target', { what }) });
      const bh = h('input', { type: 'checkbox', checked: cur ? !!cur.business_hours : true,
        'aria-label': t('sla.business_hours_of', { what }) });
      cells.push({ p, m, target, bh });
      return h('td', null, h('span', { class: 'metric' }, target,
        h('label', { class: 'bh' }, bh, t('sla.business_hours_short'))));
    })));
  const read = () => cells.filter((c) => c.target.value !== '').map((c) => ({
    priority: c.p, metric: c.m, target: Number(c.target.value),
    business_hours: c.bh.checked,
  }));
  const drawn = JSON.stringify(read());
  return {
    el: h('div', { class: 'field' },
      h('h3', { id: 'metrics-title' }, t(`field.${f.name}`)),
      h('p', { class: 'hint' }, t('sla.hint')),
      h('div', { class: 'scroll' }, h('table', { class: 'list metrics',
        'aria-labelledby': 'metrics-title' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('sla.metric')),
        PRIORITIES.map((p) => h('th', { scope: 'col' }, t(`priority.${p}`))))),
      h('tbody', null, body)))),
    // Unchanged targets read as they came, in the API's order.
    read: () => {
      const now = read();
      return value && JSON.stringify(now) === drawn ? value : now;
    },
  };
}
