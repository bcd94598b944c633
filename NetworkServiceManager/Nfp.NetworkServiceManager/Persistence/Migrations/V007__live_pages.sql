-- Lists leave DELETED services and devices out unless asked for them, and a tenant's services are
-- listed by tenant: the pages are read from indexes in the order they are paged ((created_at, id)), so
-- that a page costs the same with a million rows as with a hundred.
CREATE INDEX network_services_live_page ON network_services (created_at, id) WHERE provisioning_status <> 'DELETED';
CREATE INDEX network_services_tenant_page ON network_services (tenant_id, created_at, id) WHERE provisioning_status <> 'DELETED';
CREATE INDEX network_service_devices_live_page ON network_service_devices (created_at, id) WHERE provisioning_status <> 'DELETED';
-- The purge finds what was DELETED before its retention.
CREATE INDEX network_services_deleted ON network_services (updated_at) WHERE provisioning_status = 'DELETED';
CREATE INDEX network_service_devices_deleted ON network_service_devices (updated_at) WHERE provisioning_status = 'DELETED';
