-- Events accepted per tenant and UTC day, for the events/day quota (shared by all replicas).
CREATE TABLE tenant_usage (
    tenant_id text   NOT NULL,
    day       date   NOT NULL,
    events    bigint NOT NULL DEFAULT 0,
    CONSTRAINT tenant_usage_pk PRIMARY KEY (tenant_id, day)
);
