-- Where every table of the public schema lives under Citus (docs/scaling.md). This file is the one
-- place tables are classified: CitusPlacementTest fails when a table exists that is not listed here,
-- or is listed twice, or is listed and does not exist.
--
--   distributed: SELECT create_distributed_table('<t>', 'tenant_id', ...) below; hash-distributed by
--                tenant and colocated with tenants, so one tenant's rows in every table share a node.
--   reference:   SELECT create_reference_table('<t>') below; copied to every node (none today).
--   local:       a line "-- local: <t>: <why>" below; a plain table on the coordinator.
--
-- An administrator runs it once, on the coordinator, after `CREATE EXTENSION citus` and after
-- Flyway has migrated the schema. Not run on Citus by this project (no Citus build installs on its
-- machines): check it on the Citus version you deploy. For large tables prefer
-- create_distributed_table_concurrently (Citus 11.2+), which lets writes continue during the copy.

SELECT create_distributed_table('tenants',       'tenant_id');
SELECT create_distributed_table('items',         'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('users',         'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('events',        'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('tenant_models', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('audit_log',     'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('tenant_usage',  'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('experiments',   'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('experiment_lists', 'tenant_id', colocate_with => 'tenants');

-- local: jobs: the workers' claim is a multi-shard SELECT ... FOR UPDATE SKIP LOCKED, which Citus refuses on a distributed table (citusdata/citus#4647); small, joined with nothing
-- local: meta_inits: platform-wide inits with multi-megabyte artifacts that only the coordinator reads; a reference table would copy them to every node
-- local: scheduled_runs: cluster-wide cron claims (INSERT ... ON CONFLICT), platform bookkeeping that belongs to no tenant
-- local: flyway_schema_history: Flyway's own history; migrations run against the coordinator
