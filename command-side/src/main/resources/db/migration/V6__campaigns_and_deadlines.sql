-- Campaign staffing, kept beside the campaign events in the same transactions: who works which
-- campaign of which channel on which local days. The command side checks against it that no
-- salesperson works two campaigns of one channel on a day, and finds the campaign a contract
-- counts for. Derived from the events (the events are the record); never read by the query side.
create table campaign_stint (
    campaign_id    varchar(64) not null,
    salesperson_id varchar(64) not null,
    channel        varchar(32) not null,
    first_day      date        not null,
    last_day       date        not null,
    primary key (campaign_id, salesperson_id, first_day),
    check (first_day <= last_day)
);
create index campaign_stint_salesperson on campaign_stint (salesperson_id, first_day);

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler 16, PostgreSQL): Axon's deadline
-- manager keeps its pending deadlines here, so they survive restarts, and a deadline is picked by
-- one command side only (the row is claimed with an update under optimistic locking).
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

grant select, insert, update, delete on campaign_stint to canvass_event_writer;
grant select, insert, update, delete on scheduled_tasks to canvass_event_writer;
