-- The files parents send as evidence for an absence (an appointment card's photo, a hospital letter): checked by type
-- and size before they are stored, listed on the report in grain state, opened only by the office and the attendance
-- lead. A file whose report refused it is deleted at once. Kept with the pupil it is about. Not purged by the
-- retention job yet (the reports that list them are kept, too): the retention login gets nothing here until it is.
CREATE TABLE IF NOT EXISTS evidence_files
(
    school_id text        NOT NULL,
    upn       text        NOT NULL,
    id        text        NOT NULL,
    content   bytea       NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, id)
);

CREATE INDEX IF NOT EXISTS evidence_files_by_pupil ON evidence_files (school_id, upn);

-- As 009-roles.sql does for the other tables (this script runs after it).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance_writer') THEN
        EXECUTE 'GRANT SELECT, INSERT, DELETE ON evidence_files TO attendance_writer';
    END IF;
END
$$;
