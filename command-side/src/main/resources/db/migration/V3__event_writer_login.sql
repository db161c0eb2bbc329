-- The command side's own login may append events and claim business keys, and nothing else: it
-- does not own the tables, so it cannot disable the append-only trigger (ALTER TABLE ... DISABLE
-- TRIGGER needs the owner) nor switch session_replication_role (needs a superuser), nor UPDATE,
-- DELETE or TRUNCATE. Migrations run as the schema owner (spring.flyway.user); the application
-- runs as canvass.event-store.writer-login, made a member of this role when that login exists.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'canvass_event_writer') then
        create role canvass_event_writer nologin;
    end if;
end;
$$;
grant usage on schema public to canvass_event_writer;
grant select, insert on domain_event_entry, snapshot_event_entry, prospect_business_key to canvass_event_writer;
grant usage, select on all sequences in schema public to canvass_event_writer;

do $$
begin
    if exists (select 1 from pg_roles where rolname = '${writerLogin}') then
        execute format('grant canvass_event_writer to %I', '${writerLogin}');
    end if;
end;
$$;
