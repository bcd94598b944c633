-- The spec's device ports and monitoring network that nothing ever set: a device is reached at its
-- mgmt_ip_address, and the lifecycle driver keeps what it needs in provider_metadata.
ALTER TABLE network_service_devices
    DROP COLUMN mgmt_port_id,
    DROP COLUMN monitoring_port_id,
    DROP COLUMN monitoring_port_network;
DROP TABLE network_infos;
