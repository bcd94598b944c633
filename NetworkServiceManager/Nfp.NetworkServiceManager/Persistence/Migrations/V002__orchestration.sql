-- What orchestration needs beyond the data model of V001: the service profile kept with the service,
-- where each port is, whether a device may be shared, and the durable state of every operation's steps.
-- No installation predates this migration, so the new NOT NULL columns take defaults only to be valid DDL.

ALTER TABLE network_services
    ADD COLUMN service_type   text    NOT NULL DEFAULT 'loadbalancer',
    ADD COLUMN service_vendor text    NOT NULL DEFAULT '',
    ADD COLUMN allow_sharing  boolean NOT NULL DEFAULT false;
ALTER TABLE network_services ALTER COLUMN service_type DROP DEFAULT, ALTER COLUMN service_vendor DROP DEFAULT;

ALTER TABLE port_infos
    ADD COLUMN network    text NOT NULL DEFAULT '',
    ADD COLUMN ip_address text NOT NULL DEFAULT '';

-- A device made for a profile that allows sharing may render further services of its tenant and vendor.
ALTER TABLE network_service_devices ADD COLUMN allow_sharing boolean NOT NULL DEFAULT false;
-- select_nsd looks for shareable devices of one tenant and vendor that are ACTIVE.
CREATE INDEX network_service_devices_shareable ON network_service_devices (tenant_id, service_vendor)
    WHERE allow_sharing AND provisioning_status = 'ACTIVE';

-- An operation's progress: the step it is at, when that step must be done by, how often it was tried,
-- and when it is next due (a poll's spacing, a resend of a configurator call) — or sooner, as soon as
-- the configurator's answer to the method it is awaiting is in. seq orders the operations of one
-- resource: they run one at a time in that order. parameters keep the request a notification carried.
ALTER TABLE operations
    ADD COLUMN seq             bigint      GENERATED ALWAYS AS IDENTITY,
    ADD COLUMN step            text        NOT NULL DEFAULT '',
    ADD COLUMN step_attempts   integer     NOT NULL DEFAULT 0,
    ADD COLUMN step_deadline   timestamptz,
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN awaiting        text,
    ADD COLUMN parameters      jsonb       NOT NULL DEFAULT '{}';
CREATE INDEX operations_due ON operations (next_attempt_at) WHERE state IN ('STARTING', 'PROCESSING');
CREATE INDEX operations_queue ON operations (resource_id, seq) WHERE state IN ('STARTING', 'PROCESSING');

-- The configurator's notifications about config calls, kept until the step waiting for them reads them.
-- Keyed by the operation and method the call was made for, so a notification delivered twice is kept once.
CREATE TABLE configurator_notifications (
    operation_id uuid        NOT NULL,
    method       text        NOT NULL,
    result       text        NOT NULL,
    reason       text        NOT NULL DEFAULT '',
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (operation_id, method)
);

-- What ran: one row per run of a step, by which manager instance, from when to when, and how it ended
-- (next, retry, fail, completed). For operators, and for proving that one key's steps never overlap.
CREATE TABLE operation_steps (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation_id uuid        NOT NULL,
    step         text        NOT NULL,
    attempt      integer     NOT NULL,
    instance     text        NOT NULL,
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz NOT NULL,
    outcome      text        NOT NULL,
    detail       text        NOT NULL DEFAULT ''
);
CREATE INDEX operation_steps_operation ON operation_steps (operation_id, id);
