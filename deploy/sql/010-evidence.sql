-- The files parents send as evidence for an absence (an appointment card's photo, a hospital letter): checked by type
-- and size before they are stored, listed on the report in grain state, opened only by the office and the attendance
-- lead. A file whose report refused it is deleted at once.
CREATE TABLE IF NOT EXISTS evidence_files
(
    school_id text        NOT NULL,
    id        text        NOT NULL,
    content   bytea       NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, id)
);

-- As 009-roles.sql does for the other tables (this script runs after it).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance_writer') THEN
        EXECUTE 'GRANT SELECT, INSERT, DELETE ON evidence_files TO attendance_writer';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance_retention') THEN
        EXECUTE 'GRANT SELECT, DELETE ON evidence_files TO attendance_retention';
    END IF;
END
$$;
