-- Quotas per tenant: how many network services, devices and ports it may have. NULL: the default
-- (configuration Quotas:Defaults); -1: unlimited. A tenant without a row has the defaults.
CREATE TABLE quotas (
    tenant_id   uuid        PRIMARY KEY,
    services    integer     CHECK (services >= -1),
    devices     integer     CHECK (devices >= -1),
    ports       integer     CHECK (ports >= -1),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
