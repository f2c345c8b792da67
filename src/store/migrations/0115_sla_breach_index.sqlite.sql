-- Search's sla_breach keyword (core/search_sql.c) finds the tickets with a
-- recorded SLA breach, by when, without reading every ticket's metrics.
CREATE INDEX ticket_metrics_breach ON ticket_metrics(account_id, last_sla_breach_at)
  WHERE last_sla_breach_at IS NOT NULL;
