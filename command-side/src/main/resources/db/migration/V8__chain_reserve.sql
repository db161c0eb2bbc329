-- One round trip for an appender to take the chain's lock, read its head and reserve positions
-- (ChainedAppend): the lock is held from here to commit, and every round trip under it is paid by
-- every appender waiting behind. In READ COMMITTED each statement of this (volatile) function takes a
-- new snapshot, so the head is read after the lock is granted and sees the previous holder's commit,
-- as with two statements before. The key is ChainedAppend.CHAIN_LOCK ('canvass1').
create or replace function canvass_chain_reserve(positions integer)
    returns table (chain_head bytea, reserved bigint)
    language plpgsql
    volatile
as
$$
declare
    head bytea;
begin
    perform pg_advisory_xact_lock(7161126337215951665);
    select e.chain_hash into head from domain_event_entry e order by e.global_index desc limit 1;
    return query select head, nextval('domain_event_entry_global_index_seq') from generate_series(1, positions);
end;
$$;
