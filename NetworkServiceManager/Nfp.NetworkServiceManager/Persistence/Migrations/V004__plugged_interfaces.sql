-- A plugged interface keeps where the plug put it, so that the device's config is made from the record
-- instead of asking the lifecycle driver again. Interfaces plugged before this migration have '' until
-- their service's device steps run again (plug_nsd_interface fills in a row without a MAC).
ALTER TABLE nsd_interfaces
    ADD COLUMN ip_address text NOT NULL DEFAULT '',
    ADD COLUMN cidr       text NOT NULL DEFAULT '',
    ADD COLUMN mac        text NOT NULL DEFAULT '';

-- Operation parameters are one record per kind (Schema/Resources/OperationParameters.cs): a create always
-- carries its policy_targets, an empty list when it had none (it carried {} then).
UPDATE operations SET parameters = '{"policy_targets": []}' WHERE kind = 'create' AND NOT parameters ? 'policy_targets';
