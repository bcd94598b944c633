-- Addresses an endpoint may hold besides its own (an active-standby pair's VIP, moved by VRRP inside the
-- containers): reserved on the network while any endpoint names them; several endpoints may name one.
ALTER TABLE pop.network_attachments ADD COLUMN virtual_ipv4 inet[] NOT NULL DEFAULT '{}';
