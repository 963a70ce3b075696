-- The database roles of a server deployment (README: "Database roles").
--
--   jzfp_owner  owns the schema and every table; runs the migrations (npm run migration:run,
--               or the `migrate` service in docker-compose.yml). Nothing else connects as it.
--   jzfp_app    what the service runs as (MIGRATIONS_RUN=false): SELECT, INSERT, UPDATE, DELETE
--               on the tables, but on audit_log only SELECT and INSERT: no UPDATE, DELETE or
--               TRUNCATE, and, not being the owner, it cannot turn off the append-only trigger
--               either. Migration 1795915000000 revokes those three from every non-owner role.
--
-- Run once per database, as a superuser, connected to the service's database:
--   JZFP_OWNER_PASSWORD=… JZFP_APP_PASSWORD=… psql -v ON_ERROR_STOP=1 -d jzfp -f deploy/postgres/roles.sql
-- (the postgres image runs it from /docker-entrypoint-initdb.d with the container's environment).
-- Running it again is safe: it creates what is missing, sets the passwords, and grants again.
-- psql 15 or later (\getenv).

\set ON_ERROR_STOP on
\getenv owner_password JZFP_OWNER_PASSWORD
\getenv app_password JZFP_APP_PASSWORD
\if :{?owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'roles.sql: set JZFP_OWNER_PASSWORD and JZFP_APP_PASSWORD'; END $$;
\endif
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'roles.sql: set JZFP_OWNER_PASSWORD and JZFP_APP_PASSWORD'; END $$;
\endif

SELECT 'CREATE ROLE jzfp_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jzfp_owner') \gexec
SELECT 'CREATE ROLE jzfp_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jzfp_app') \gexec
ALTER ROLE jzfp_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE jzfp_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';

SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO jzfp_owner, jzfp_app', current_database()) \gexec

-- Only the owner creates objects; the service uses them.
ALTER SCHEMA public OWNER TO jzfp_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO jzfp_app;

-- Tables and sequences the migrations create from now on.
ALTER DEFAULT PRIVILEGES FOR ROLE jzfp_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jzfp_app;
ALTER DEFAULT PRIVILEGES FOR ROLE jzfp_owner IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO jzfp_app;

-- Tables that exist already (this file run on a database the owner has migrated).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO jzfp_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO jzfp_app;
SELECT 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM jzfp_app' WHERE to_regclass('public.audit_log') IS NOT NULL \gexec
