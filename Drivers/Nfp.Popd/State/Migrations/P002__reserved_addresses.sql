-- Addresses a network's other users held when popd adopted it (containers popd does not manage):
-- never handed out.
ALTER TABLE pop.networks ADD COLUMN reserved inet[] NOT NULL DEFAULT '{}';
