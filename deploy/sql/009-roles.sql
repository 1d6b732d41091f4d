-- Who may do what in the database. The schema's owner (who applies these scripts: a migration step, or the
-- embedded default's own user) is not the service's login in a deployment:
--   attendance_writer     what the running service needs: Orleans' tables read and written, the legal register and
--                         the record of who read pupils' records read and appended to (never changed or deleted),
--                         the alert outbox and session keys;
--   attendance_retention  the retention job's: read those two and delete from them (the trigger in
--                         005-legal-register.sql lets only this role delete).
-- The trust's DBA makes the logins and gives each one group (deploy/compose-logins.sql does it for compose):
--   CREATE ROLE attendance LOGIN PASSWORD '...' IN ROLE attendance_writer;
--   CREATE ROLE attendance_purge LOGIN PASSWORD '...' IN ROLE attendance_retention;
-- Neither login owns a table, so neither can switch the append-only trigger off. Creating the two groups needs
-- CREATEROLE; without it they are left to the DBA, and these grants wait for them. Tables this database does not
-- hold (membership and reminders may be in a database of their own) are skipped.
DO $$
DECLARE
    grp text;
BEGIN
    FOREACH grp IN ARRAY ARRAY['attendance_writer', 'attendance_retention'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = grp) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', grp);
            EXCEPTION
                WHEN insufficient_privilege THEN RAISE NOTICE 'role % is not there and this user cannot create it: ask the DBA', grp;
                WHEN duplicate_object OR unique_violation THEN NULL; -- another database's schema made it just now
            END;
        END IF;
    END LOOP;
END
$$;

DO $$
DECLARE
    tbl text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance_writer') OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance_retention') THEN
        RETURN;
    END IF;

    EXECUTE 'GRANT USAGE ON SCHEMA public TO attendance_writer, attendance_retention';
    FOREACH tbl IN ARRAY ARRAY['orleansquery'] LOOP
        IF to_regclass(tbl) IS NOT NULL THEN EXECUTE format('GRANT SELECT ON %I TO attendance_writer', tbl); END IF;
    END LOOP;
    FOREACH tbl IN ARRAY ARRAY['orleansstorage', 'orleansmembershipversiontable', 'orleansmembershiptable', 'orleansreminders', 'alert_outbox'] LOOP
        IF to_regclass(tbl) IS NOT NULL THEN EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO attendance_writer', tbl); END IF;
    END LOOP;
    IF to_regclass('session_keys') IS NOT NULL THEN
        EXECUTE 'GRANT SELECT, INSERT ON session_keys TO attendance_writer';
        EXECUTE 'GRANT USAGE ON SEQUENCE session_keys_id_seq TO attendance_writer';
    END IF;
    IF to_regclass('attendance_register') IS NOT NULL THEN
        EXECUTE 'GRANT SELECT, INSERT ON attendance_register TO attendance_writer';
        EXECUTE 'GRANT SELECT, DELETE ON attendance_register TO attendance_retention';
    END IF;
    IF to_regclass('pupil_reads') IS NOT NULL THEN
        EXECUTE 'GRANT SELECT, INSERT ON pupil_reads TO attendance_writer';
        EXECUTE 'GRANT USAGE ON SEQUENCE pupil_reads_id_seq TO attendance_writer';
        EXECUTE 'GRANT SELECT, DELETE ON pupil_reads TO attendance_retention';
    END IF;
END
$$;
