-- Secret metadata (NewMetadata.secret_md): each value encrypted (SecretMetadata), keyed by its name. The
-- names are answered; the values never are, and no popd without the key can read them.
ALTER TABLE pop.containers ADD COLUMN secrets jsonb NOT NULL DEFAULT '{}';
