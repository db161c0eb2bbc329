-- Personal data (a prospect's contact name and phone) is stored in events sealed with a key per
-- prospect, kept here, outside the event stream. Erasing a prospect's personal data deletes its
-- key in the transaction that records PersonalDataErased: every sealed copy becomes unreadable,
-- while the events, their hashes and every figure stay.
create table personal_data_key (
    prospect_id varchar(64) primary key,
    secret      bytea       not null check (octet_length(secret) = 32),
    created_at  timestamptz not null default now()
);

grant select, insert, delete on personal_data_key to canvass_event_writer;
-- the query side opens the fields it shows (an auditor's view of a prospect's history)
grant select on personal_data_key to canvass_event_reader;
