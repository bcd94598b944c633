-- The operator API's bearer tokens: each has a role (admin: every tenant; member: its tenant, read and
-- write; reader: its tenant, read), may expire, and may be revoked. Only the SHA-256 of a token is kept.
CREATE TABLE api_tokens (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL DEFAULT '',
    tenant_id     uuid,
    role          text        NOT NULL CHECK (role IN ('admin', 'member', 'reader')),
    token_sha256  text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    CHECK (role = 'admin' OR tenant_id IS NOT NULL)
);
