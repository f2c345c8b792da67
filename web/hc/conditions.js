// Field conditions of a ticket form, shared by the help center's contact
// form (web/hc/contact.js: end_user_conditions) and the agent workspace's
// ticket pages (web/agent/lib/forms.js: agent_conditions).  Served from
// /hc/assets/conditions.js and /agent/assets/hc/conditions.js; no DOM here.
//
// Conditions are in Zendesk's shape [{parent_field_id, value, child_fields:
// [{id, is_required, required_on_statuses}]}].  A field that is the child
// of some condition is shown only while one of its conditions holds: the
// parent is shown and has the value.  Conditions naming a field that is
// not on the form are ignored; a cycle hides its fields.

// Whether a field of type with value has the condition's value want
// (checkbox: true/false; multiselect: want is among the chosen values;
// other types: equal as text).
export function holds(type, value, want) {
  if (type === 'checkbox') return (want === true || want === 'true') === !!value;
  if (type === 'multiselect') return (value || []).map(String).includes(String(want));
  return String(value ?? '') === String(want);
}

// The state of each field of the form: fields is a Map id -> {type, value,
// fixed} (fixed: never a child, always shown); the answer a Map id ->
// {shown, rules}, rules being the child_fields entries of the holding
// conditions that name the field.
export function fieldStates(conditions, fields) {
  const list = Array.isArray(conditions) ? conditions : [];
  const path = new Set();
  function state(id) {
    const f = fields.get(id);
    if (path.has(id)) return { shown: false, rules: [] };
    path.add(id);
    let child = false;
    const rules = [];
    for (const cond of f.fixed ? [] : list) {
      const pid = Number(cond?.parent_field_id);
      const parent = fields.get(pid);
      if (!parent || !Array.isArray(cond.child_fields)) continue;
      for (const ch of cond.child_fields) {
        if (Number(ch?.id) !== id) continue;
        child = true;
        if (state(pid).shown && holds(parent.type, parent.value, cond.value)) rules.push(ch);
      }
    }
    path.delete(id);
    return { shown: !child || rules.length > 0, rules };
  }
  return new Map([...fields.keys()].map((id) => [id, state(id)]));
}
