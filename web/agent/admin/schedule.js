// Editors of business-hours schedules: the week's opening hours
// (field type "intervals"), the time zone ("timezone") and the holidays
// ("holidays", kept through the schedule's own holidays endpoint once the
// schedule is saved).
//
// The API's intervals count minutes from Sunday 00:00 in the schedule's
// zone, each within one day; a closing time of 00:00 is the end of the
// day (minute 1440 of it).

import { h, select } from '../lib/dom.js';
import { get, post, put, del } from '../lib/api.js';
import { lang } from '../lib/i18n.js';
import { rowList } from './rows.js';

const DAY = 1440;
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0]; // Monday first

function dayName(d) {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2023, 0, 1 + d)));
}

const hhmm = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutes = (s) => {
  const [hh, mm] = String(s || '').split(':').map(Number);
  return Number.isFinite(hh) && Number.isFinite(mm) ? hh * 60 + mm : NaN;
};

export async function intervalsControl(f, value, { t }) {
  const days = WEEK_ORDER.map((d) => {
    const mine = (value || []).filter((iv) => Math.floor(iv.start_time / DAY) === d)
      .map((iv) => [iv.start_time - d * DAY, iv.end_time - d * DAY]);
    const name = dayName(d);
    const rows = rowList({
      t, legend: name, addLabel: t('schedule.add_hours'), items: mine,
      make: ([from, to] = [540, 1020]) => {
        const open = h('input', { type: 'time', value: hhmm(from),
          'aria-label': t('schedule.opens', { day: name }) });
        const close = h('input', { type: 'time', value: hhmm(to),
          'aria-label': t('schedule.closes', { day: name }) });
        return {
          el: h('span', { class: 'rule-row' }, open, '–', close),
          read: () => {
            const a = minutes(open.value);
            const b = minutes(close.value);
            return { start_time: d * DAY + a, end_time: d * DAY + (b === 0 ? DAY : b) };
          },
        };
      },
    });
    return rows;
  });
  await Promise.all(days.map((r) => r.ready));
  return {
    el: h('div', { class: 'field week', role: 'group', 'aria-label': t(`field.${f.name}`) },
      h('h3', null, t(`field.${f.name}`)), h('p', { class: 'hint' }, t('schedule.hint')),
      h('div', { class: 'days' }, days.map((r) => r.el))),
    read: () => days.flatMap((r) => r.read())
      .filter((iv) => Number.isFinite(iv.start_time) && Number.isFinite(iv.end_time))
      .sort((a, b) => a.start_time - b.start_time),
  };
}

// IANA zones as the browser knows them (Intl), the stored one kept even
// when it is one of Zendesk's Rails names.
export async function timezoneControl(f, value, { t }) {
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  const current = value || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const list = zones.includes(current) ? zones : [current, ...zones];
  const s = select({ name: f.name }, list.map((z) => [z, z.replaceAll('_', ' ')]), current);
  s.id = `f-${f.name}`;
  return {
    el: h('div', { class: 'field' }, h('label', { for: s.id }, t(`field.${f.name}`)), s),
    read: () => s.value,
  };
}

// Holidays: rows of name and dates, written after the schedule is saved
// (new rows created, changed ones updated, removed ones deleted).
export async function holidaysControl(f, value, { t, rec }) {
  const path = (id) => `business_hours/schedules/${id}/holidays`;
  const old = rec.id ? (await get(path(rec.id))).holidays : [];
  const rows = rowList({
    t, legend: t(`field.${f.name}`), addLabel: t('schedule.add_holiday'), items: old,
    make: (hd = {}) => {
      const name = h('input', { type: 'text', value: hd.name ?? '',
        'aria-label': t('schedule.holiday_name') });
      const start = h('input', { type: 'date', value: hd.start_date ?? '',
        'aria-label': t('schedule.holiday_start') });
      const end = h('input', { type: 'date', value: hd.end_date ?? '',
        'aria-label': t('schedule.holiday_end') });
      return {
        el: h('span', { class: 'rule-row' }, name, start, '–', end),
        read: () => ({ ref: hd, body: { name: name.value, start_date: start.value,
          end_date: end.value || start.value } }),
      };
    },
  });
  await rows.ready;
  const changed = (x, body) => Object.keys(body).some((k) => x[k] !== body[k]);
  return {
    el: h('div', { class: 'field' }, rows.el),
    read: () => undefined,
    // Rows remember what the API holds, so a second try after an error
    // repeats nothing that went through.
    async after(saved) {
      const now = rows.read();
      for (const hd of [...old]) {
        if (now.some((x) => x.ref === hd)) continue;
        await del(`${path(saved.id)}/${hd.id}`);
        old.splice(old.indexOf(hd), 1);
      }
      for (const { ref, body } of now) {
        if (!ref.id) {
          Object.assign(ref, (await post(path(saved.id), { holiday: body })).holiday);
          old.push(ref);
        } else if (changed(ref, body)) {
          Object.assign(ref, (await put(`${path(saved.id)}/${ref.id}`, { holiday: body })).holiday);
        }
      }
    },
  };
}
