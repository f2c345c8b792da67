// Validates Parley's JSON against Zendesk's published OpenAPI schemas
// (shared/api/zendesk-openapi.json) with ajv.  OpenAPI 3.0's `nullable`
// is rewritten to JSON Schema's null type first; references to schemas the
// file lacks are aliased to the ones it has (TicketObject -> Ticket ...).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const { ROOT } = require('./server');

const ALIASES = { TicketObject: 'Ticket', TicketCommentObject: 'Comment',
  AttachmentObject: 'Attachment' };

// The spec file: PARLEY_OPENAPI, or shared/api/ in a folder above the repo.
function specPath() {
  if (process.env.PARLEY_OPENAPI) return process.env.PARLEY_OPENAPI;
  for (let dir = ROOT; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const p = path.join(dir, 'shared', 'api', 'zendesk-openapi.json');
    if (fs.existsSync(p)) return p;
  }
  return null;
}

function denull(node) {
  if (Array.isArray(node)) return node.map(denull);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = denull(v);
  if (node.nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (out.enum) out.enum = [...out.enum, null];
    if (out.oneOf) out.oneOf = [...out.oneOf, { type: 'null' }];
    if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

let ajv = null;
function load() {
  if (ajv) return ajv;
  const file = specPath();
  if (!file) return null;
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
  const schemas = denull(spec.schemas);
  for (const [alias, name] of Object.entries(ALIASES)) schemas[alias] = schemas[name];
  ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'zd', components: { schemas } });
  return ajv;
}

// Throws with ajv's errors unless value matches the named schema.  Returns
// false (checking nothing) when the spec file is not available.
function check(name, value) {
  const a = load();
  if (!a) return false;
  const validate = a.getSchema(`zd#/components/schemas/${name}`);
  if (!validate(value)) {
    throw new Error(`${name} does not match the OpenAPI schema: ` +
      JSON.stringify(validate.errors, null, 1));
  }
  return true;
}

module.exports = { check };
