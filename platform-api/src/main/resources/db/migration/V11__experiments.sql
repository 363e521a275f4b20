-- Online experiments (issue 15): a tenant compares two rankers on live traffic, by team-draft
-- interleaving or by an A/B split of its users. One experiment at most runs per surface and tenant.
CREATE TABLE experiments (
    tenant_id       text        NOT NULL,
    experiment_id   bigint      GENERATED ALWAYS AS IDENTITY,
    name            text        NOT NULL,
    surface         text        NOT NULL,
    method          text        NOT NULL,
    control         text        NOT NULL,
    treatment       text        NOT NULL,
    status          text        NOT NULL DEFAULT 'draft',
    max_impressions bigint      NOT NULL,
    -- Served lists, counted by the list log's writer as it stores them (the auto-stop reads it).
    impressions     bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    stopped_at      timestamptz,
    stop_reason     text,
    CONSTRAINT experiments_pk PRIMARY KEY (tenant_id, experiment_id),
    CONSTRAINT experiments_surface CHECK (surface IN ('users', 'session')),
    CONSTRAINT experiments_method CHECK (method IN ('interleaving', 'ab')),
    CONSTRAINT experiments_status CHECK (status IN ('draft', 'running', 'stopped')),
    CONSTRAINT experiments_arms_differ CHECK (control <> treatment),
    CONSTRAINT experiments_max_impressions CHECK (max_impressions BETWEEN 100 AND 10000000),
    CONSTRAINT experiments_name_length CHECK (char_length(name) BETWEEN 1 AND 200)
);
-- The guard "one running experiment per surface" holds across replicas because the database holds it.
CREATE UNIQUE INDEX experiments_one_running ON experiments (tenant_id, surface) WHERE status = 'running';

-- Every list served inside an experiment, with the items each side contributed. Interleaving needs
-- it to credit a click to the ranker that placed the clicked item; A/B needs served lists per user
-- for its variance. Serving never waits on it: rows are queued in memory and written in batches.
CREATE TABLE experiment_lists (
    tenant_id         text        NOT NULL,
    recommendation_id text        NOT NULL,
    experiment_id     bigint      NOT NULL,
    user_id           text        NOT NULL,
    -- 'i' interleaved, 'c' control, 't' treatment
    arm               char(1)     NOT NULL,
    control_items     text[]      NOT NULL,
    treatment_items   text[]      NOT NULL,
    served_at         timestamptz NOT NULL,
    CONSTRAINT experiment_lists_pk PRIMARY KEY (tenant_id, recommendation_id),
    CONSTRAINT experiment_lists_experiment FOREIGN KEY (tenant_id, experiment_id)
        REFERENCES experiments (tenant_id, experiment_id) ON DELETE CASCADE
);
CREATE INDEX experiment_lists_by_experiment ON experiment_lists (tenant_id, experiment_id);

ALTER TABLE experiments ENABLE ROW LEVEL SECURITY;
ALTER TABLE experiment_lists ENABLE ROW LEVEL SECURITY;

DO $$
DECLARE
    t text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warmstart_tenant') THEN
        RETURN;
    END IF;
    GRANT SELECT, INSERT, UPDATE, DELETE ON experiments, experiment_lists TO warmstart_tenant;
    FOREACH t IN ARRAY ARRAY['experiments', 'experiment_lists'] LOOP
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I TO warmstart_tenant '
            'USING (tenant_id = current_setting(''warmstart.tenant_id'', true)) '
            'WITH CHECK (tenant_id = current_setting(''warmstart.tenant_id'', true))', t);
    END LOOP;
END
$$;
