-- The payments finance can match to statement lines (docs/finance.md, "Matching"), kept beside the
-- events in the transaction that appends them: every deposit and balance with its method, amount
-- (as corrected) and receipt number, and every cancellation's refund (negative, no method). A
-- trigger keeps it, so every way of appending (a command, a batch, a bulk load) keeps it alike; the
-- events are the record, this is derived from them. Read by the command side's statements only.
create table settlement_payment (
    contract_id  varchar(64)   not null,
    kind         varchar(16)   not null, -- DEPOSIT, BALANCE or REFUND
    payment_id   varchar(64)   not null, -- '' for a refund (one per cancelled contract)
    method       varchar(32),            -- null for a refund: a cancellation does not say how
    amount       numeric(17, 2) not null,
    occurred_at  timestamptz   not null,
    receipt_no   varchar(200),
    global_index bigint        not null,
    primary key (contract_id, kind, payment_id)
);
create index settlement_payment_method_time on settlement_payment (method, occurred_at);
create index settlement_payment_receipt on settlement_payment (receipt_no);

create function settlement_payment_record(payload_type text, payload jsonb, at_index bigint) returns void
    language plpgsql as
$$
begin
    -- a payload without what a payment has (a test's stand-in, a shape this version does not know) is not one
    if payload ->> 'contractId' is null or payload ->> 'occurredAt' is null then
        return;
    end if;
    if payload_type in ('DepositCollected', 'BalanceCollected') then
        if payload ->> 'paymentId' is null or payload ->> 'amount' is null then
            return;
        end if;
        insert into settlement_payment (contract_id, kind, payment_id, method, amount, occurred_at, receipt_no,
                                        global_index)
        values (payload ->> 'contractId', case payload_type when 'DepositCollected' then 'DEPOSIT' else 'BALANCE' end,
                payload ->> 'paymentId', payload ->> 'method', (payload ->> 'amount')::numeric,
                (payload ->> 'occurredAt')::timestamptz, payload ->> 'receiptNo', at_index)
        on conflict do nothing;
    elsif payload_type = 'PaymentCorrected' then
        update settlement_payment set amount = (payload ->> 'correctedAmount')::numeric
        where contract_id = payload ->> 'contractId' and kind = payload ->> 'paymentKind'
          and payment_id = payload ->> 'paymentId';
    elsif payload_type = 'ContractCancelled' and (payload ->> 'refunded')::numeric > 0 then
        insert into settlement_payment (contract_id, kind, payment_id, method, amount, occurred_at, receipt_no,
                                        global_index)
        values (payload ->> 'contractId', 'REFUND', '', null, -(payload ->> 'refunded')::numeric,
                (payload ->> 'occurredAt')::timestamptz, null, at_index)
        on conflict do nothing;
    end if;
end;
$$;

-- An append (or this migration) never fails for this table's sake: a payload that cannot be read as a
-- payment is left out with a warning in the server's log (every reader of the events would find it
-- unreadable too).
create function settlement_payment_stored(payload_type text, payload bytea, at_index bigint) returns void
    language plpgsql as
$$
begin
    perform settlement_payment_record(payload_type, convert_from(payload, 'UTF8')::jsonb, at_index);
exception
    when others then
        raise warning 'settlement_payment: event % (%) left out: %', at_index, payload_type, sqlerrm;
end;
$$;

create function settlement_payment_appended() returns trigger
    language plpgsql as
$$
begin
    perform settlement_payment_stored(new.payload_type, new.payload, new.global_index);
    return null;
end;
$$;

-- only the four payment events pay for the trigger: every other insert is filtered by WHEN
create trigger domain_event_entry_settlement_payment
    after insert on domain_event_entry
    for each row
    when (new.payload_type in ('DepositCollected', 'BalanceCollected', 'PaymentCorrected', 'ContractCancelled'))
execute function settlement_payment_appended();

-- the payments recorded before this table, in the order they were recorded
do
$$
    declare
        stored record;
    begin
        for stored in select payload_type, payload, global_index from domain_event_entry
                      where payload_type in ('DepositCollected', 'BalanceCollected', 'PaymentCorrected',
                                             'ContractCancelled')
                      order by global_index
            loop
                perform settlement_payment_stored(stored.payload_type, stored.payload, stored.global_index);
            end loop;
    end
$$;

grant select, insert, update on settlement_payment to canvass_event_writer;
