-- The account's custom fields in display order (core/ticket_fields.c
-- load_fields), which every ticket read loads for its render stamp: only
-- the removable rows are in this index, so an account without custom
-- fields reads none instead of stepping over its system fields.
CREATE INDEX ticket_fields_custom ON ticket_fields(account_id, position, id)
  WHERE removable = 1;
