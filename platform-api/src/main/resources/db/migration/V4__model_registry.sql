-- The model registry. Meta-inits are platform-wide (learned across the tenants that opted in);
-- tenant models are adaptations of a meta-init to one tenant. Artifacts live in the same row as
-- their status, so "promoted" and "artifact complete" change in one transaction: a crash mid-write
-- leaves a TRAINING or READY row, never a promoted half model.
--
-- Status: TRAINING (job running) -> READY (artifact stored, decision pending) -> PROMOTED (served)
-- or REJECTED (did not beat popularity / the promoted model; reason says why); FAILED (the job
-- failed or its worker died); RETIRED (was promoted, replaced by a newer promoted version).
CREATE TABLE meta_inits (
    version            integer     GENERATED ALWAYS AS IDENTITY,
    status             text        NOT NULL,
    algorithm          text        NOT NULL,
    training_tenants   text[]      NOT NULL DEFAULT '{}',
    validation_tenants text[]      NOT NULL DEFAULT '{}',
    metrics            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    reason             text,
    artifact           bytea,
    artifact_sha256    text,
    job_id             bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    finished_at        timestamptz,
    promoted_at        timestamptz,
    CONSTRAINT meta_inits_pk PRIMARY KEY (version),
    CONSTRAINT meta_inits_status_known CHECK (status IN ('TRAINING', 'READY', 'PROMOTED', 'REJECTED', 'FAILED', 'RETIRED')),
    CONSTRAINT meta_inits_artifact_when_decided CHECK (status IN ('TRAINING', 'FAILED') OR artifact IS NOT NULL)
);
CREATE UNIQUE INDEX meta_inits_one_promoted ON meta_inits ((true)) WHERE status = 'PROMOTED';

CREATE TABLE tenant_models (
    tenant_id         text        NOT NULL,
    version           integer     NOT NULL,
    status            text        NOT NULL,
    meta_init_version integer,
    events            bigint,
    items             integer,
    first_event_at    timestamptz,
    last_event_at     timestamptz,
    metrics           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    reason            text,
    artifact          bytea,
    artifact_sha256   text,
    job_id            bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    promoted_at       timestamptz,
    CONSTRAINT tenant_models_pk PRIMARY KEY (tenant_id, version),
    CONSTRAINT tenant_models_status_known CHECK (status IN ('TRAINING', 'READY', 'PROMOTED', 'REJECTED', 'FAILED', 'RETIRED')),
    CONSTRAINT tenant_models_artifact_when_decided CHECK (status IN ('TRAINING', 'FAILED') OR artifact IS NOT NULL)
);
-- Serving looks up exactly this: the one promoted version of a tenant.
CREATE UNIQUE INDEX tenant_models_one_promoted ON tenant_models (tenant_id) WHERE status = 'PROMOTED';
