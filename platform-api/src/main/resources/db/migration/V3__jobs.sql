-- The job queue of trainer work (adaptation per tenant, meta-training across tenants). Platform-wide
-- jobs use tenant_id '_platform'. Workers claim with FOR UPDATE SKIP LOCKED and hold a session
-- advisory lock on the job while it runs: a worker that dies releases the lock with its connection,
-- and the job is taken again by another worker; a job whose lock is held is never taken twice.
CREATE TABLE jobs (
    tenant_id    text        NOT NULL,
    job_id       bigint      GENERATED ALWAYS AS IDENTITY,
    kind         text        NOT NULL,
    payload      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status       text        NOT NULL DEFAULT 'QUEUED',
    attempts     integer     NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL DEFAULT 3,
    run_after    timestamptz NOT NULL DEFAULT now(),
    worker       text,
    progress     double precision,
    message      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    CONSTRAINT jobs_pk PRIMARY KEY (tenant_id, job_id),
    CONSTRAINT jobs_status_known CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))
);
-- At most one unfinished job of a kind per tenant: enqueueing again while one waits is a no-op.
CREATE UNIQUE INDEX jobs_one_open_per_kind ON jobs (tenant_id, kind) WHERE status IN ('QUEUED', 'RUNNING');
-- What workers poll: small, because finished jobs leave it.
CREATE INDEX jobs_open ON jobs (tenant_id, run_after) WHERE status IN ('QUEUED', 'RUNNING');
