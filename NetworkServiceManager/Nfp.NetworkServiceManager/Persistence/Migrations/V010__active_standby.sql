-- Active-standby pairs: a service's topology (single, or active_standby: two instances, each on its own
-- device); and the configurator's answers kept per device too, since one operation calls both of a pair's.
ALTER TABLE network_services ADD COLUMN topology text NOT NULL DEFAULT 'single';

ALTER TABLE configurator_notifications ADD COLUMN nsd_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE configurator_notifications DROP CONSTRAINT configurator_notifications_pkey;
ALTER TABLE configurator_notifications ADD PRIMARY KEY (operation_id, method, nsd_id);

-- How many answers an operation waiting for the configurator had when its step last ran: it is due again
-- when another one comes (one per device of a pair).
ALTER TABLE operations ADD COLUMN awaiting_answers integer NOT NULL DEFAULT 0;
