-- Crossings (pupils passing a threshold) committed in the same transaction as the mark that caused them, so a mark
-- and its alert are durable together. The pupil sends them to the school's alert inbox and then sets delivered_at;
-- one left undelivered by a crash is sent again when the pupil next activates (the inbox ignores an id it has).
-- The rows stay after delivery: a pupil numbers its next alert of each kind by counting them.
CREATE TABLE IF NOT EXISTS alert_outbox
(
    school_id    text        NOT NULL,
    upn          text        NOT NULL,
    alert_id     text        NOT NULL,
    kind         text        NOT NULL,
    notice       jsonb       NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz NULL,
    PRIMARY KEY (school_id, upn, alert_id)
);
