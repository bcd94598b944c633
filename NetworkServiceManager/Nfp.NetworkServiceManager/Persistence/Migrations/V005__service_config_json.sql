-- service_config is a JSON object on the wire and in the database. What was stored as text before is
-- kept: '' becomes {}, JSON text becomes that JSON, and text that is not JSON becomes a JSON string
-- holding it (its lifecycle driver refuses it as before: not a JSON object).
CREATE FUNCTION pg_temp.nfp_service_config(text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF btrim($1) = '' THEN
        RETURN '{}'::jsonb;
    END IF;
    RETURN $1::jsonb;
EXCEPTION WHEN others THEN
    RETURN to_jsonb($1);
END $$;

ALTER TABLE network_services ALTER COLUMN service_config DROP DEFAULT;
ALTER TABLE network_services ALTER COLUMN service_config TYPE jsonb USING pg_temp.nfp_service_config(service_config);
ALTER TABLE network_services ALTER COLUMN service_config SET DEFAULT '{}';
