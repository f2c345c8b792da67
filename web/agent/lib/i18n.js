// Message catalogs: i18n/LANG.json, one flat object per language, shared
// with the server's own pages.  The agent's locale (users.locale, e.g.
// "pt-BR") picks the language; missing keys fall back to English.

export const LANGS = ['en', 'es', 'pt', 'ru', 'nl'];
let msgs = {};
let en = {};
export let lang = 'en';

export function langOf(locale) {
  const l = String(locale || '').slice(0, 2).toLowerCase();
  return LANGS.includes(l) ? l : 'en';
}

const loading = {};
function load(l) {
  loading[l] ??= fetch(`/agent/assets/agent/i18n/${l}.json`).then((res) => (res.ok ? res.json() : {}));
  return loading[l];
}

// Starts reading the English catalog (every language falls back to it).
export function preloadLang() {
  load('en');
}

export async function setLang(locale) {
  lang = langOf(locale);
  [en, msgs] = await Promise.all([load('en'), lang === 'en' ? null : load(lang)]);
  if (!msgs) msgs = en;
  document.documentElement.lang = lang;
}

// The text of key with {name} placeholders filled from vars.  With a
// numeric vars.count, "key.one" (or another plural category of the
// language) is used when the catalog has it; a language that words its
// count without plurals ("Тикетов: {count}") has the plain key only.
export function t(key, vars) {
  const n = Number(vars?.count);
  const plural = vars && vars.count !== undefined && Number.isFinite(n)
    ? `${key}.${new Intl.PluralRules(lang).select(n)}` : null;
  const s = (plural && msgs[plural]) || msgs[key] || (plural && en[plural]) || en[key] || key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}
