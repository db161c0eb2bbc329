-- The event store of Axon's JDBC storage engine, in snake_case (see AxonConfiguration.eventSchema).
-- global_index is the global position every answer reports; gaps from rolled-back or late
-- transactions are handled by Axon's GapAwareTrackingToken.
create table domain_event_entry (
    global_index         bigserial    primary key,
    event_identifier     varchar(255) not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number)
);

-- History is never rewritten: PostgreSQL itself refuses any UPDATE, DELETE or TRUNCATE of events,
-- whoever asks, so not even a bug in this application can do it. A wrong event is put right by a
-- compensating event.
create function refuse_event_rewrite() returns trigger language plpgsql as $$
begin
    raise exception 'domain_event_entry is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger domain_event_entry_append_only
    before update or delete on domain_event_entry
    for each row execute function refuse_event_rewrite();

create trigger domain_event_entry_no_truncate
    before truncate on domain_event_entry
    for each statement execute function refuse_event_rewrite();

revoke update, delete, truncate on domain_event_entry from public;

-- Set-based rule: the same business at the same address is recorded once. Claimed in the same
-- transaction as the ProspectRecorded event, so the rule holds at write time, not through a read
-- model that may lag.
create table prospect_business_key (
    business_key varchar(600) primary key,
    prospect_id  varchar(64)  not null
);

-- The query side reads events and nothing else. Its login is made a member of this role
-- (V2 for the configured login; by hand for others).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'canvass_event_reader') then
        create role canvass_event_reader nologin;
    end if;
end;
$$;
grant select on domain_event_entry to canvass_event_reader;
