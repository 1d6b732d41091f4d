-- Durable reminders for Orleans' ADO.NET reminder provider: a grain's named reminder (its first due time and its
-- period) survives silo restarts and moves with the grain. Each silo reads the reminders of its slice of the
-- consistent-hash ring (grainhash in (begin, end], or the two ends of the ring when the slice wraps around).
CREATE TABLE IF NOT EXISTS orleansreminders
(
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(150) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminders_hash ON orleansreminders (serviceid, grainhash);

-- Insert or replace; the version counts changes, so a delete with an old version (a reminder replaced meanwhile) does nothing.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpsertReminderRowKey', $q$
    INSERT INTO orleansreminders (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
    SET starttime = EXCLUDED.starttime, period = EXCLUDED.period, grainhash = EXCLUDED.grainhash,
        version = orleansreminders.version + 1
    RETURNING version AS Version;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowsKey', $q$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminders
    WHERE serviceid = @ServiceId AND grainid = @GrainId;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowKey', $q$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminders
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- A slice of the ring that does not wrap: (begin, end].
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows1Key', $q$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminders
    WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- A slice that wraps past the top of the ring: above begin, or up to end.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows2Key', $q$
    SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version
    FROM orleansreminders
    WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- Returns how many rows went: 0 tells Orleans the reminder had changed (or was already gone).
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleansreminders
        WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT CAST(count(*) AS integer) FROM deleted;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowsKey', $q$
    DELETE FROM orleansreminders WHERE serviceid = @ServiceId;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
