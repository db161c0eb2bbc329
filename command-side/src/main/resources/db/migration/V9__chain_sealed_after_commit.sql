-- The audit chain is sealed after commit (issue 16), not written by each appender under a lock.
--
-- Until V8 every appender took one advisory lock from reading the chain's head to its commit, so
-- appends were serialized for the length of a transaction. Now appenders only take positions
-- (canvass_reserve, no lock) and insert their events without a hash; one sealer (ChainSealer, on
-- the command side, elected by a session advisory lock) hashes the committed events in position
-- order and appends each hash here. The chain's definition (EventChain, canvass_chain_hash) does
-- not change: the hashes copied below are the ones V4 and the appenders computed, and the sealer
-- goes on from the last of them. A position below the sealed head with no row here is a hole
-- left by a rolled-back transaction, never to be filled (the sealer only passes a hole once every
-- transaction that could still fill it has ended).
create table event_chain (
    global_index bigint      primary key,
    chain_hash   bytea       not null,
    constraint event_chain_hash_length check (octet_length(chain_hash) = 32)
);

insert into event_chain (global_index, chain_hash)
select global_index, chain_hash from domain_event_entry order by global_index;

create trigger event_chain_append_only
    before update or delete on event_chain
    for each row execute function refuse_rewrite();

create trigger event_chain_no_truncate
    before truncate on event_chain
    for each statement execute function refuse_rewrite();

revoke update, delete, truncate on event_chain from public;
grant select, insert on event_chain to canvass_event_writer;
grant select on event_chain to canvass_event_reader;

-- Events appended from now on carry no hash in the event table (DDL only: no stored event
-- changes). The hashes already there stay, and no later row may carry one: the column is the
-- chain as it stood at this migration, which the verifier checks against event_chain.
alter table domain_event_entry alter column chain_hash drop not null;
do $$
begin
    execute format('alter table domain_event_entry add constraint domain_event_entry_chain_hash_before_v9'
                   ' check (chain_hash is null or global_index <= %s)',
                   (select coalesce(max(global_index), -1) from domain_event_entry));
end;
$$;

-- Positions for an appender, without a lock. The transaction's id is taken first: any position
-- is therefore handed out after its transaction has an id, so a snapshot that sees a later
-- position (taken after that position's commit) lists this transaction as running if it has not
-- ended. That is what lets the sealer tell a position that may still commit from a hole.
create function canvass_reserve(positions integer)
    returns setof bigint
    language plpgsql
    volatile
as
$$
begin
    perform pg_current_xact_id();
    return query select nextval('domain_event_entry_global_index_seq') from generate_series(1, positions);
end;
$$;

-- A command side older than this migration would read the chain's head from the event table and
-- hash over it: it is stopped at its first append instead, with the reason.
create or replace function canvass_chain_reserve(positions integer)
    returns table (chain_head bytea, reserved bigint)
    language plpgsql
    volatile
as
$$
begin
    raise exception 'canvass_chain_reserve is retired by migration V9 (the audit chain is sealed after commit into event_chain): this command side is older than its event store, upgrade it'
        using errcode = 'object_not_in_prerequisite_state';
end;
$$;
