-- popd's state, in its own schema: networks, containers, their attachments (the Zun/Kuryr
-- network + network_attachment model) and the login tokens. Everything popd knows survives a restart.

CREATE TABLE pop.networks (
    id                uuid        PRIMARY KEY,
    name              text        NOT NULL UNIQUE,
    docker_network_id text        NOT NULL,
    external          boolean     NOT NULL,
    ipv4_cidr         cidr        NOT NULL,
    ipv4_gateway      inet        NOT NULL,
    ipv6_cidr         cidr,
    ipv6_gateway      inet,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pop.containers (
    id              uuid        PRIMARY KEY,
    name            text        NOT NULL UNIQUE,
    image_id        text        NOT NULL,
    flavour_id      text        NOT NULL,
    status          text        NOT NULL,
    extended_status text        NOT NULL DEFAULT '',
    docker_id       text,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    options         bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz
);

-- One row per (container, network): the container's endpoint there. An address is held by at most
-- one container per network, whatever the races between requests.
CREATE TABLE pop.network_attachments (
    container_id uuid NOT NULL REFERENCES pop.containers (id) ON DELETE CASCADE,
    network_id   uuid NOT NULL REFERENCES pop.networks (id),
    endpoint_id  text NOT NULL DEFAULT '',
    ipv4_address inet NOT NULL,
    ipv6_address inet,
    mac          text NOT NULL DEFAULT '',
    PRIMARY KEY (container_id, network_id),
    UNIQUE (network_id, ipv4_address),
    UNIQUE (network_id, ipv6_address)
);

-- Only a hash of each token is kept: the table leaks no usable token.
CREATE TABLE pop.tokens (
    token_hash bytea       PRIMARY KEY,
    username   text        NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX tokens_expiry ON pop.tokens (expires_at);
