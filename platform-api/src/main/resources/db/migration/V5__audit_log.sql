-- Who did what to a tenant, and when: operators' and admins' actions (tenant lifecycle, credentials,
-- admins, manual training). Append-only; platform-wide actions (meta-training) use '_platform'.
CREATE TABLE audit_log (
    tenant_id  text        NOT NULL,
    entry_id   bigint      GENERATED ALWAYS AS IDENTITY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL,
    action     text        NOT NULL,
    detail     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_log_pk PRIMARY KEY (tenant_id, entry_id)
);
