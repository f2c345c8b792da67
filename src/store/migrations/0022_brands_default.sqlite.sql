-- Brands keep their table from 0001.  At most one default brand per
-- account becomes a store rule (core/brands.c keeps it at least one).
CREATE UNIQUE INDEX brands_default ON brands(account_id) WHERE is_default = 1;
