-- Defence in depth: row-level security on every tenant table. Requests that act for one tenant run
-- their statements as the role warmstart_tenant with warmstart.tenant_id set to that tenant (see
-- TenantRowSecurity); the policies then hide and protect every other tenant's rows, so a query that
-- forgot its tenant filter still cannot cross tenants. The platform's own role (operators' endpoints,
-- background jobs, migrations) is not subject to them.
--
-- Creating the role needs CREATEROLE; where the platform's user lacks it, create the role once as
-- an administrator (CREATE ROLE warmstart_tenant NOLOGIN; GRANT warmstart_tenant TO <platform user>)
-- and rerun. Without the role the platform starts with a warning and this layer off.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmstart_tenant') THEN
        BEGIN
            CREATE ROLE warmstart_tenant NOLOGIN NOSUPERUSER NOBYPASSRLS;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'cannot create role warmstart_tenant: row-level security stays off until an administrator creates it';
            RETURN;
        END;
    END IF;
    BEGIN
        EXECUTE format('GRANT warmstart_tenant TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
        RAISE WARNING 'cannot grant warmstart_tenant to %', current_user;
    END;
    GRANT USAGE ON SCHEMA public TO warmstart_tenant;
    GRANT SELECT, INSERT, UPDATE, DELETE ON items, users, events, tenant_models, jobs, audit_log, tenant_usage TO warmstart_tenant;
    GRANT SELECT ON tenants, meta_inits TO warmstart_tenant;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO warmstart_tenant;
END
$$;

ALTER TABLE items ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_models ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_usage ENABLE ROW LEVEL SECURITY;

-- One policy per table, for the restricted role only; the table owner is not subject to RLS
-- (no FORCE), which is what the platform's own work relies on.
DO $$
DECLARE
    t text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmstart_tenant') THEN
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['items', 'users', 'events', 'tenant_models', 'jobs', 'audit_log', 'tenant_usage'] LOOP
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I TO warmstart_tenant '
            'USING (tenant_id = current_setting(''warmstart.tenant_id'', true)) '
            'WITH CHECK (tenant_id = current_setting(''warmstart.tenant_id'', true))', t);
    END LOOP;
END
$$;
