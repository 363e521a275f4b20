-- Every tenant table leads its primary key and every index with tenant_id, and nothing joins
-- across tenants: each table can be distributed by tenant_id (Citus) without redesign.
-- There are no foreign keys: tenant integrity is kept by the services (one transaction each),
-- so the hot ingestion path pays for no cross-table checks.

CREATE TABLE tenants (
    tenant_id               text        NOT NULL,
    display_name            text        NOT NULL,
    kind                    text        NOT NULL,
    status                  text        NOT NULL,
    settings                jsonb       NOT NULL DEFAULT '{}'::jsonb,
    share_for_meta_learning boolean     NOT NULL DEFAULT true,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    deleted_at              timestamptz,
    CONSTRAINT tenants_pk PRIMARY KEY (tenant_id),
    CONSTRAINT tenants_id_slug CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    CONSTRAINT tenants_kind_known CHECK (kind IN ('ECOMMERCE', 'EDUCATION', 'MEDIA', 'OTHER')),
    CONSTRAINT tenants_status_known CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DELETED'))
);

CREATE TABLE items (
    tenant_id   text        NOT NULL,
    item_id     text        NOT NULL,
    title       text,
    categories  text[]      NOT NULL DEFAULT '{}',
    tags        text[]      NOT NULL DEFAULT '{}',
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    available   boolean     NOT NULL DEFAULT true,
    -- true while the item is known only from events (feeds arrive out of order)
    placeholder boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT items_pk PRIMARY KEY (tenant_id, item_id),
    CONSTRAINT items_id_length CHECK (char_length(item_id) BETWEEN 1 AND 256)
);

CREATE TABLE users (
    tenant_id   text        NOT NULL,
    user_id     text        NOT NULL,
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT users_id_length CHECK (char_length(user_id) BETWEEN 1 AND 256)
);

CREATE TABLE events (
    tenant_id         text             NOT NULL,
    event_id          text             NOT NULL,
    user_id           text             NOT NULL,
    item_id           text             NOT NULL,
    type              text             NOT NULL,
    value             double precision,
    occurred_at       timestamptz      NOT NULL,
    -- false when the client sent no timestamp and occurred_at is the time we received it
    timestamp_given   boolean          NOT NULL DEFAULT true,
    recommendation_id text,
    CONSTRAINT events_pk PRIMARY KEY (tenant_id, event_id)
);
-- A user's history (serving, right to be forgotten) and the tenant's timeline (listing, stats,
-- training windows). Item lookups use the tenant's rows; they are rare (item deletion).
CREATE INDEX events_by_user ON events (tenant_id, user_id, occurred_at);
CREATE INDEX events_by_time ON events (tenant_id, occurred_at, event_id);
