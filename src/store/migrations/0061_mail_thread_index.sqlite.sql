-- Threading headers of outbound mail read a ticket's message ids; without
-- this index every reply scanned all of the account's message ids.
CREATE INDEX mail_message_ids_ticket ON mail_message_ids(account_id, ticket_id);
