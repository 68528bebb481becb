-- Idempotent bootstrap of the procnet database, shared by infra/up.sh (local
-- PostgreSQL) and docker-compose.yml (postgres:15 init script initdb.sh).
--
-- Run with psql as a superuser, connected to any database, with variables
--   services        comma-separated service names, e.g. 'intake,matching,balancer'
--                   (the PostgreSQL principals of shared/security/access.py)
--   passwords       their passwords, comma-separated in the same order
--   admin_password  the password of the admin role procnet
-- The passwords are generated per stack into its state folder (secrets/postgres/),
-- never kept in the repository.
-- Creates: admin role procnet (owns the database, a member of every service role
-- so tests and operators can read and clean up; NOT a superuser), database
-- procnet, and per service a login role <svc> (no superuser, no CREATEROLE)
-- owning schema <svc> with search_path <svc> and no rights on the other
-- services' schemas.
\set ON_ERROR_STOP on
-- Re-runs are normal: no NOTICEs about things that already exist.
SET client_min_messages = warning;

SELECT set_config('procnet.admin_password', :'admin_password', false) \g /dev/null

DO $$
BEGIN
  IF length(current_setting('procnet.admin_password')) < 32 THEN
    RAISE EXCEPTION 'the admin password must be at least 32 characters';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'procnet') THEN
    EXECUTE format('CREATE ROLE procnet LOGIN NOSUPERUSER PASSWORD %L',
      current_setting('procnet.admin_password'));
  ELSE
    -- Stacks bootstrapped before made procnet a superuser: demote it (unless a
    -- caller runs this very script as procnet, which then cannot create roles).
    EXECUTE format('ALTER ROLE procnet LOGIN PASSWORD %L',
      current_setting('procnet.admin_password'));
    IF current_user <> 'procnet' THEN
      ALTER ROLE procnet NOSUPERUSER;
    END IF;
  END IF;
END
$$;

-- CREATE DATABASE cannot run inside a DO block (it is not transactional).
SELECT 'CREATE DATABASE procnet OWNER procnet ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'procnet') \gexec
ALTER DATABASE procnet OWNER TO procnet;

\connect procnet
SET client_min_messages = warning;

-- psql variables are not expanded inside dollar quotes: hand the list to the
-- DO block through a session setting instead.
SELECT set_config('procnet.services', :'services', false) \g /dev/null
SELECT set_config('procnet.passwords', :'passwords', false) \g /dev/null

DO $$
DECLARE
  svc text;
  pw text;
  i int := 0;
  passwords text[] := string_to_array(current_setting('procnet.passwords'), ',');
BEGIN
  -- Nobody gets to create objects in public; each service has its own schema.
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  -- Only the roles created here (and superusers) may connect.
  REVOKE ALL ON DATABASE procnet FROM PUBLIC;

  FOREACH svc IN ARRAY string_to_array(current_setting('procnet.services'), ',')
  LOOP
    i := i + 1;
    svc := btrim(svc);
    CONTINUE WHEN svc = '';
    pw := btrim(passwords[i]);
    IF pw IS NULL OR length(pw) < 32 THEN
      RAISE EXCEPTION 'no password (at least 32 characters) for service %', svc;
    END IF;
    IF svc !~ '^[a-z][a-z0-9_]*$' THEN
      RAISE EXCEPTION 'invalid service name %', svc;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', svc, pw);
    END IF;
    EXECUTE format(
      'ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', svc, pw);
    -- The admin may act in every schema through membership, never as superuser.
    EXECUTE format('GRANT %I TO procnet', svc);
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE procnet TO %I', svc);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, svc);
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, svc);
    -- Schemas are private by default; make that explicit for other services.
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
    EXECUTE format('ALTER ROLE %I SET search_path = %I', svc, svc);
  END LOOP;
END
$$;
