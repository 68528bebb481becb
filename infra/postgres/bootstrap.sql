-- Idempotent bootstrap of the procnet database, shared by infra/up.sh (local
-- PostgreSQL) and docker-compose.yml (postgres:15 init script initdb.sh).
--
-- Run with psql as a superuser, connected to any database, with variable
--   services  comma-separated service names, e.g. 'intake,matching,balancer'
--             (the list lives in infra/services.txt).
-- Creates: admin role procnet/procnet (superuser), database procnet, and per
-- service a login role <svc>/<svc> owning schema <svc> with search_path <svc>
-- and no rights on the other services' schemas.
\set ON_ERROR_STOP on
-- Re-runs are normal: no NOTICEs about things that already exist.
SET client_min_messages = warning;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'procnet') THEN
    CREATE ROLE procnet LOGIN SUPERUSER PASSWORD 'procnet';
  ELSE
    ALTER ROLE procnet LOGIN SUPERUSER PASSWORD 'procnet';
  END IF;
END
$$;

-- CREATE DATABASE cannot run inside a DO block (it is not transactional).
SELECT 'CREATE DATABASE procnet OWNER procnet ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'procnet') \gexec

\connect procnet
SET client_min_messages = warning;

-- psql variables are not expanded inside dollar quotes: hand the list to the
-- DO block through a session setting instead.
SELECT set_config('procnet.services', :'services', false) \g /dev/null

DO $$
DECLARE
  svc text;
BEGIN
  -- Nobody gets to create objects in public; each service has its own schema.
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  -- Only the roles created here (and superusers) may connect.
  REVOKE ALL ON DATABASE procnet FROM PUBLIC;

  FOREACH svc IN ARRAY string_to_array(current_setting('procnet.services'), ',')
  LOOP
    svc := btrim(svc);
    CONTINUE WHEN svc = '';
    IF svc !~ '^[a-z][a-z0-9_]*$' THEN
      RAISE EXCEPTION 'invalid service name %', svc;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', svc, svc);
    ELSE
      EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER PASSWORD %L', svc, svc);
    END IF;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE procnet TO %I', svc);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, svc);
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, svc);
    -- Schemas are private by default; make that explicit for other services.
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
    EXECUTE format('ALTER ROLE %I SET search_path = %I', svc, svc);
  END LOOP;
END
$$;
