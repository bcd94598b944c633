-- Spare devices (LifecycleDrivers:{vendor}:SparePool): made and started ahead of any service, of no tenant
-- (the nil uuid) until a create or a failover takes one. spare_for is the service type a spare was made
-- for, and is NULL on every device a service has taken.
ALTER TABLE network_service_devices ADD COLUMN spare_for text;
CREATE INDEX network_service_devices_spares ON network_service_devices (service_vendor, spare_for, created_at)
    WHERE spare_for IS NOT NULL AND provisioning_status <> 'DELETED';
