-- Makes the query side's login (canvass.event-store.reader-login) a reader of events, when that
-- login exists. In production the DBA creates the login; this grants it nothing beyond SELECT on
-- domain_event_entry.
do $$
begin
    if exists (select 1 from pg_roles where rolname = '${readerLogin}') then
        execute format('grant canvass_event_reader to %I', '${readerLogin}');
        execute format('grant usage on schema public to %I', '${readerLogin}');
    end if;
end;
$$;
