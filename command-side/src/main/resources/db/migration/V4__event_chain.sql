-- Tamper evidence. Every event carries chain_hash, the SHA-256 of the previous event's hash and of
-- its own stored bytes (io.canvass.platform.audit.EventChain documents the exact encoding; this
-- function is the same, in SQL). The command side computes it while appending, in the events' own
-- transaction (ChainedAppend). Here the events stored before this migration are hashed, in
-- global_index order.
create function canvass_chain_field(value bytea) returns bytea language sql immutable as $$
    select case when value is null then int4send(-1) else int4send(length(value)) || value end
$$;

create function canvass_chain_hash(previous bytea, global_index bigint, event_identifier varchar,
                                   aggregate_identifier varchar, sequence_number bigint, type varchar,
                                   time_stamp varchar, payload_type varchar, payload_revision varchar,
                                   payload bytea, meta_data bytea) returns bytea language sql immutable as $$
    select sha256(previous || int8send(global_index)
        || canvass_chain_field(convert_to(event_identifier, 'UTF8'))
        || canvass_chain_field(convert_to(aggregate_identifier, 'UTF8'))
        || int8send(sequence_number)
        || canvass_chain_field(convert_to(type, 'UTF8'))
        || canvass_chain_field(convert_to(time_stamp, 'UTF8'))
        || canvass_chain_field(convert_to(payload_type, 'UTF8'))
        || canvass_chain_field(convert_to(payload_revision, 'UTF8'))
        || canvass_chain_field(payload)
        || canvass_chain_field(meta_data))
$$;

alter table domain_event_entry add column chain_hash bytea;

-- The only rewrite the event table ever gets: adding the hashes of the events already stored. The
-- owner lifts the append-only trigger for this transaction only (DDL is transactional here: a
-- failure leaves the table as it was, trigger included).
alter table domain_event_entry disable trigger domain_event_entry_append_only;
do $$
declare
    event record;
    previous bytea := decode(repeat('00', 32), 'hex');
begin
    for event in select * from domain_event_entry order by global_index loop
        previous := canvass_chain_hash(previous, event.global_index, event.event_identifier,
            event.aggregate_identifier, event.sequence_number, event.type, event.time_stamp, event.payload_type,
            event.payload_revision, event.payload, event.meta_data);
        update domain_event_entry set chain_hash = previous where global_index = event.global_index;
    end loop;
end;
$$;
alter table domain_event_entry enable trigger domain_event_entry_append_only;

alter table domain_event_entry alter column chain_hash set not null;
alter table domain_event_entry add constraint domain_event_entry_chain_hash_length check (octet_length(chain_hash) = 32);

-- The chain's signed heads (SignedDigest): appended by the command side, never rewritten.
create table audit_digest (
    position    bigint       primary key,
    head_hash   varchar(64)  not null,
    signed_at   varchar(40)  not null,
    key_id      varchar(16)  not null,
    public_key  varchar(200) not null,
    signature   varchar(200) not null
);

create function refuse_rewrite() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_digest_append_only
    before update or delete on audit_digest
    for each row execute function refuse_rewrite();

create trigger audit_digest_no_truncate
    before truncate on audit_digest
    for each statement execute function refuse_rewrite();

revoke update, delete, truncate on audit_digest from public;
grant select, insert on audit_digest to canvass_event_writer;
grant select on audit_digest to canvass_event_reader;
