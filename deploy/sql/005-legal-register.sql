-- The legal attendance register: every mark and amendment as a line that is never changed. It is also the pupils'
-- journal: a pupil's register is rebuilt from its lines, and a mark is one appended line (docs/DESIGN.md). The School Attendance
-- (Pupil Registration) (England) Regulations 2024, regulation 7, require every entry to be kept for at least six
-- years; the retention job deletes older lines, and it is the only thing that may (see the trigger below).
CREATE TABLE IF NOT EXISTS attendance_register
(
    school_id            text        NOT NULL,
    upn                  text        NOT NULL,
    entry_no             integer     NOT NULL CHECK (entry_no > 0), -- the entry's place in the pupil's register
    session_date         date        NOT NULL,
    session_part         text        NOT NULL CHECK (session_part IN ('AM', 'PM')),
    code                 text        NOT NULL,
    source               text        NOT NULL, -- Register, Gate, Office, Provision or Import
    recorded_by          text        NOT NULL,
    recorded_role        text        NOT NULL,
    recorded_at          timestamptz NOT NULL,
    arrived_at           time        NULL,
    reason               text        NULL,     -- amendments: why the mark changed; other marks: the note given with them (e.g. why late)
    amends_entry_no      integer     NULL,     -- amendments: the entry replaced, kept as it was
    original_code        text        NULL,
    original_recorded_by text        NULL,
    original_recorded_at timestamptz NULL,
    school_week          integer     NOT NULL, -- the session's school week: the pupil's rolling counters are rebuilt by it
    written_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, upn, entry_no)
);

CREATE INDEX IF NOT EXISTS attendance_register_by_session ON attendance_register (school_id, session_date);
CREATE INDEX IF NOT EXISTS attendance_register_by_age ON attendance_register (recorded_at);
CREATE INDEX IF NOT EXISTS attendance_register_by_session_date ON attendance_register (session_date);

-- Append-only: updates, truncation and deletes are refused, except deletes made as attendance_retention
-- (009-roles.sql): the retention job takes that role for its transaction, which only its members (its own login, or the
-- owner) may. The service's login is not one, so neither it nor a setting any session could change lets a line go.
CREATE OR REPLACE FUNCTION attendance_register_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'attendance_retention' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER attendance_register_no_change
    BEFORE UPDATE OR DELETE ON attendance_register
    FOR EACH ROW EXECUTE FUNCTION attendance_register_append_only();

CREATE OR REPLACE TRIGGER attendance_register_no_truncate
    BEFORE TRUNCATE ON attendance_register
    FOR EACH STATEMENT EXECUTE FUNCTION attendance_register_append_only();
