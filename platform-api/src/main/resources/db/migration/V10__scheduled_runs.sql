-- Cluster-wide schedules. Every API replica runs the same Quarkus crons (re-adaptation checks,
-- nightly meta-training); the first replica to record a fire time here runs that firing, the others
-- skip it. A row per (task, fire time) is the whole protocol: no leader, no lease to renew, and a
-- replica that dies after claiming only loses that one firing (the next one runs elsewhere).
-- Not a tenant table: platform-wide bookkeeping, kept for 30 days.
CREATE TABLE scheduled_runs (
    task       text        NOT NULL,
    fire_time  timestamptz NOT NULL,
    instance   text        NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scheduled_runs_pk PRIMARY KEY (task, fire_time)
);
