-- NFP's resources (the NFP spec's data model) and operations.
-- Enum-valued columns hold the values' wire names (e.g. 'PENDING_CREATE'); the C# layer is the only
-- writer and writes only declared values. created_at, updated_at and version are kept by the database:
-- every update bumps version, and a writer must present the version it read (optimistic concurrency).

CREATE TABLE network_services (
    id                  uuid        PRIMARY KEY,
    name                text        NOT NULL DEFAULT '',
    description         text        NOT NULL DEFAULT '',
    tenant_id           uuid        NOT NULL,
    service_id          uuid        NOT NULL,
    service_chain_id    uuid,
    service_profile_id  uuid,
    service_config      text        NOT NULL DEFAULT '',
    provisioning_status text        NOT NULL,
    operating_status    text        NOT NULL,
    status_description  text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1
);
CREATE INDEX network_services_tenant ON network_services (tenant_id);
CREATE INDEX network_services_page ON network_services (created_at, id);

CREATE TABLE port_infos (
    id                  uuid        PRIMARY KEY,
    port_policy         text        NOT NULL,
    port_classification text        NOT NULL,
    port_type           text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1
);

CREATE TABLE network_infos (
    id                  uuid        PRIMARY KEY,
    network_policy      text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1
);

CREATE TABLE network_service_devices (
    id                      uuid        PRIMARY KEY,
    name                    text        NOT NULL DEFAULT '',
    description             text        NOT NULL DEFAULT '',
    tenant_id               uuid        NOT NULL,
    mgmt_port_id            uuid        REFERENCES port_infos (id),
    monitoring_port_id      uuid        REFERENCES port_infos (id),
    monitoring_port_network uuid        REFERENCES network_infos (id),
    service_vendor          text        NOT NULL,
    mgmt_ip_address         text        NOT NULL DEFAULT '',
    max_interfaces          integer     NOT NULL CHECK (max_interfaces >= 0),
    interfaces_in_use       integer     NOT NULL DEFAULT 0 CHECK (interfaces_in_use BETWEEN 0 AND max_interfaces),
    reference_count         integer     NOT NULL DEFAULT 0 CHECK (reference_count >= 0),
    provider_metadata       jsonb       NOT NULL DEFAULT '{}',
    provisioning_status     text        NOT NULL,
    operating_status        text        NOT NULL,
    status_description      text        NOT NULL DEFAULT '',
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    version                 integer     NOT NULL DEFAULT 1
);
CREATE INDEX network_service_devices_tenant_vendor ON network_service_devices (tenant_id, service_vendor);
CREATE INDEX network_service_devices_page ON network_service_devices (created_at, id);

CREATE TABLE network_service_instances (
    id                  uuid        PRIMARY KEY,
    name                text        NOT NULL DEFAULT '',
    description         text        NOT NULL DEFAULT '',
    tenant_id           uuid        NOT NULL,
    network_service_id  uuid        NOT NULL REFERENCES network_services (id) ON DELETE CASCADE,
    ha_state            text        NOT NULL,
    nsd_id              uuid        REFERENCES network_service_devices (id),
    provisioning_status text        NOT NULL,
    operating_status    text        NOT NULL,
    status_description  text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1
);
CREATE INDEX network_service_instances_service ON network_service_instances (network_service_id);
CREATE INDEX network_service_instances_nsd ON network_service_instances (nsd_id);

-- The instance's port_info list, in the order it was given.
CREATE TABLE network_service_instance_ports (
    network_service_instance_id uuid    NOT NULL REFERENCES network_service_instances (id) ON DELETE CASCADE,
    port_info_id                uuid    NOT NULL REFERENCES port_infos (id),
    position                    integer NOT NULL,
    PRIMARY KEY (network_service_instance_id, port_info_id),
    UNIQUE (network_service_instance_id, position)
);

-- A device's data interfaces: which port is plugged in at which position.
CREATE TABLE nsd_interfaces (
    id                  uuid        PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    nsd_id              uuid        NOT NULL REFERENCES network_service_devices (id) ON DELETE CASCADE,
    plugged_in_port_id  uuid        NOT NULL REFERENCES port_infos (id),
    interface_position  integer     NOT NULL CHECK (interface_position >= 0),
    mapped_real_port_id text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1,
    UNIQUE (nsd_id, interface_position),
    UNIQUE (nsd_id, plugged_in_port_id)
);

-- Operations outlive the resource they acted on, so resource_id has no foreign key.
CREATE TABLE operations (
    id               uuid        PRIMARY KEY,
    kind             text        NOT NULL,
    resource_type    text        NOT NULL,
    resource_id      uuid        NOT NULL,
    state            text        NOT NULL,
    is_automatic     boolean     NOT NULL DEFAULT false,
    error            text        NOT NULL DEFAULT '',
    started_at       timestamptz NOT NULL DEFAULT now(),
    state_entered_at timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer     NOT NULL DEFAULT 1
);
CREATE INDEX operations_resource ON operations (resource_id, started_at);
CREATE INDEX operations_unfinished ON operations (state) WHERE state IN ('STARTING', 'PROCESSING', 'FAILED_TEMP');
