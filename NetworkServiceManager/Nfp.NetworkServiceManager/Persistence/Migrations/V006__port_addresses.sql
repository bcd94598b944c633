-- A create names the fixed addresses its ports want; the manager refuses one another live service's port
-- names already on the same network, and looks it up here.
CREATE INDEX port_infos_address ON port_infos (network, ip_address) WHERE ip_address <> '';
