-- Ticket forms: which fields a ticket shows, per brand.  Exactly one form
-- per account is the default (a partial unique index keeps it at most one;
-- core/ticket_forms.c keeps it at least one).

CREATE TABLE ticket_forms (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  display_name TEXT,                        -- NULL: same as name
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  is_default INTEGER NOT NULL DEFAULT 0,
  end_user_visible INTEGER NOT NULL DEFAULT 1,
  in_all_brands INTEGER NOT NULL DEFAULT 1,
  agent_conditions TEXT NOT NULL DEFAULT '[]',
  end_user_conditions TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ticket_forms_account ON ticket_forms(account_id, position, id);
CREATE UNIQUE INDEX ticket_forms_default ON ticket_forms(account_id) WHERE is_default = 1;

-- The fields of a form, in order.
CREATE TABLE ticket_form_fields (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  form_id INTEGER NOT NULL REFERENCES ticket_forms(id) ON DELETE CASCADE,
  field_id INTEGER NOT NULL REFERENCES ticket_fields(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (form_id, field_id)
);
CREATE INDEX ticket_form_fields_field ON ticket_form_fields(field_id);

-- The brands a form is restricted to when in_all_brands = 0.
CREATE TABLE ticket_form_brands (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  form_id INTEGER NOT NULL REFERENCES ticket_forms(id) ON DELETE CASCADE,
  brand_id INTEGER NOT NULL REFERENCES brands(id),
  PRIMARY KEY (form_id, brand_id)
);
CREATE INDEX ticket_form_brands_brand ON ticket_form_brands(brand_id);
