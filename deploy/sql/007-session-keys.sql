-- The key ring that protects the pages' session cookies (ASP.NET Core Data Protection), shared by every silo so a
-- cookie one issued is read by all, and kept across restarts. Each key is an XML element, encrypted with the
-- deployment's certificate (DataProtection__CertificatePath) outside a developer's machine. Keys are only added: the
-- framework retires old ones itself by their expiry dates.
CREATE TABLE IF NOT EXISTS session_keys
(
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    xml text NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);
