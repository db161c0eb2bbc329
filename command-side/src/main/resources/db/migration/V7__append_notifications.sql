-- Readers learn of new events without polling: every transaction that appends events notifies the
-- channel canvass_events once (PostgreSQL delivers a notification when its transaction commits, and
-- folds identical ones of one transaction into one). The query side LISTENs and reads at once;
-- its slow poll only covers a lost connection. The payload is empty: a notification says "look",
-- the reader reads from its own token, so nothing is trusted to it.
create or replace function canvass_events_appended() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('canvass_events', '');
    return null;
end;
$$;

create trigger domain_event_entry_notify
    after insert on domain_event_entry
    for each statement
execute function canvass_events_appended();
