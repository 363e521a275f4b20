-- When the tenant's catalogue or events last changed (kept to within a second by
-- TenantChangeTracker), so that serving replicas rebuild their in-memory snapshot only when
-- something changed, whichever replica took the write.
ALTER TABLE tenants ADD COLUMN data_changed_at timestamptz NOT NULL DEFAULT now();
