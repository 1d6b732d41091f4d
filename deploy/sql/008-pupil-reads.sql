-- Who read a pupil's record: their page, their details and contacts, their transfer file, their subject access export.
-- Appended as each is answered, never changed (the legal register's trigger guards it too), and kept as long as
-- the register: the retention job removes lines older than its years, as attendance_retention.
CREATE TABLE IF NOT EXISTS pupil_reads
(
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     text        NOT NULL,
    upn           text        NOT NULL,
    what          text        NOT NULL, -- PupilRecord, PupilPage, GuestRecord, CommonTransferFile, SubjectAccessExport
    with_contacts boolean     NOT NULL,
    read_by       text        NOT NULL,
    read_role     text        NOT NULL,
    read_at       timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS pupil_reads_by_pupil ON pupil_reads (school_id, upn, read_at);
CREATE INDEX IF NOT EXISTS pupil_reads_by_age ON pupil_reads (read_at);

CREATE OR REPLACE TRIGGER pupil_reads_no_change
    BEFORE UPDATE OR DELETE ON pupil_reads
    FOR EACH ROW EXECUTE FUNCTION attendance_register_append_only();

CREATE OR REPLACE TRIGGER pupil_reads_no_truncate
    BEFORE TRUNCATE ON pupil_reads
    FOR EACH STATEMENT EXECUTE FUNCTION attendance_register_append_only();
