-- Tenant admins change their own tenant's event types, automatic training and meta-learning
-- opt-out (PATCH /v1/tenant). Those requests run as warmstart_tenant (see V7), which could only read
-- the tenants table. It may now update exactly those columns (Tenant is mapped with dynamic updates,
-- so an UPDATE names only the changed columns), and only in its own row; it reads only its own row.
-- Status, quotas (inside settings, checked by the platform) and deletion stay with operators.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmstart_tenant') THEN
        RETURN;
    END IF;
    GRANT UPDATE (settings, share_for_meta_learning, updated_at) ON tenants TO warmstart_tenant;
    CREATE POLICY own_tenant_read ON tenants FOR SELECT TO warmstart_tenant
        USING (tenant_id = current_setting('warmstart.tenant_id', true));
    CREATE POLICY own_tenant_update ON tenants FOR UPDATE TO warmstart_tenant
        USING (tenant_id = current_setting('warmstart.tenant_id', true))
        WITH CHECK (tenant_id = current_setting('warmstart.tenant_id', true));
END
$$;
