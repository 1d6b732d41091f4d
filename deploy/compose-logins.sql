-- The logins of deploy/compose.yaml, made once after the schema (as a trust's DBA would, see sql/009-roles.sql):
-- the service's (attendance_writer: it owns nothing and cannot delete a register line) and the retention job's
-- (attendance_retention). Passwords from psql variables: -v app_password=... -v purge_password=...
SELECT format('CREATE ROLE attendance LOGIN PASSWORD %L IN ROLE attendance_writer', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance') \gexec
SELECT format('CREATE ROLE attendance_purge LOGIN PASSWORD %L IN ROLE attendance_retention', :'purge_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'attendance_purge') \gexec
