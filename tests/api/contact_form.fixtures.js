// What the contact form tests (pages and browser) share: a help center with
// labelled articles (one internal), a contact reason whose options carry
// labels, a ticket form with conditional fields, and an end user with a
// password.  Built through the API as the account's admin.
'use strict';

const HC = '/help_center';
const END_PW = 'end-user-password-1';

async function ok(srv, method, p, body, status = [200, 201]) {
  const r = await srv.api(method, p, { auth: srv.admin, body });
  if (!status.includes(r.status)) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

async function contactSetup(srv) {
  const C = {};
  C.erin = (await ok(srv, 'POST', '/users', { user: { name: 'Erin End', email: 'erin@acme.test',
    password: END_PW } })).user;
  C.frank = (await ok(srv, 'POST', '/users', { user: { name: 'Frank End', email: 'frank@acme.test',
    password: END_PW } })).user;
  C.password = END_PW;
  const cat = (await ok(srv, 'POST', `${HC}/categories`, { category: { name: 'Account' } })).category.id;
  const sec = (await ok(srv, 'POST', `${HC}/categories/${cat}/sections`, { section: { name: 'Billing' } })).section.id;
  const article = async (title, body, labels, extra = {}) => {
    const a = (await ok(srv, 'POST', `${HC}/sections/${sec}/articles`, { article: { title, body,
      label_names: labels, ...extra } })).article;
    return a.id;
  };
  C.invoice = await article('Download your invoice', '<p>Invoices are under Billing, Documents.</p>', ['invoices']);
  C.refund = await article('Refund policy', '<p>Refunds take five days.</p>', ['refunds']);
  C.password_article = await article('Reset your password', '<p>Use the reset link on the sign-in page.</p>', []);
  const staff = (await ok(srv, 'GET', `${HC}/user_segments`)).user_segments.find((s) => s.user_type === 'staff').id;
  C.internal = await article('Invoice internals', '<p>Invoice override steps for agents.</p>', ['invoices'],
    { user_segment_id: staff });
  const field = async (f) => (await ok(srv, 'POST', '/ticket_fields', { ticket_field: {
    visible_in_portal: true, editable_in_portal: true, ...f } })).ticket_field;
  C.reason = await field({ type: 'tagger', title: 'Contact reason', title_in_portal: 'Reason for contact',
    custom_field_options: [{ name: 'Billing', value: 'billing' }, { name: 'Signing in', value: 'login' }] });
  C.plan = await field({ type: 'tagger', title: 'Plan', custom_field_options: [
    { name: 'Free', value: 'plan_free' }, { name: 'Business', value: 'plan_business' }] });
  C.company = await field({ type: 'text', title: 'Company name' });
  C.form = (await ok(srv, 'POST', '/ticket_forms', { ticket_form: { name: 'Support', default: true,
    end_user_visible: true, ticket_field_ids: [C.plan.id, C.company.id],
    end_user_conditions: [{ parent_field_id: C.plan.id, value: 'plan_business',
      child_fields: [{ id: C.company.id, is_required: true }] }] } })).ticket_form;
  await ok(srv, 'PUT', `${HC}/brands/1/contact_reason`, { contact_reason: { ticket_field_id: C.reason.id,
    options: [{ value: 'billing', label_names: ['invoices', 'refunds'] }, { value: 'login', label_names: [] }] } });
  return C;
}

module.exports = { contactSetup };
