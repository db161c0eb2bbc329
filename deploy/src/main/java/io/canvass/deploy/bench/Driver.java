package io.canvass.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Drives the field process of the {@link Workload} through HTTP from many clients: the load of P1, P2 and the HTTP fill. */
final class Driver {

    /** Told of every command sent: its contract's district and its event's position. */
    interface Sampler {
        Sampler NONE = (district, position) -> { };

        void sent(String district, long position) throws Exception;
    }

    private final Workload workload;
    private final BenchClient client;
    private final AtomicLong nextContract = new AtomicLong();

    Driver(Workload workload, BenchClient client) {
        this.workload = workload;
        this.client = client;
    }

    /** The number of the next contract the workload hands out (every one before it is taken). */
    long nextContract() {
        return nextContract.get();
    }

    /** Takes the contracts up to {@code to} (exclusive) for the direct fill; answers the first taken. */
    long take(long to) {
        return nextContract.getAndSet(to);
    }

    /** Plans the workload's districts and streets. */
    void planDistricts() throws Exception {
        for (int d = 0; d < Workload.DISTRICTS; d++) {
            List<String> streets = new ArrayList<>();
            for (int s = 0; s < Workload.STREETS; s++) {
                streets.add(String.format("{\"streetId\":\"s%02d\",\"name\":\"Street %d\"}", s, s));
            }
            client.post("manager", "/api/districts", String.format(
                    "{\"districtId\":\"bd%d\",\"city\":\"Harbin\",\"name\":\"Bench %d\",\"streets\":[%s]}",
                    d, d, String.join(",", streets)));
        }
    }

    /** Runs the workload from {@code workers} threads until {@code stop} says so; answers commands sent. */
    long drive(int workers, BooleanSupplier stop, Runnable beforeEach, Sampler sampler) throws Exception {
        return untilStopped(workers, stop, () -> contract(nextContract.getAndIncrement(), beforeEach, sampler));
    }

    /** A worker's round: sends some commands and answers how many. */
    private interface Round {
        long run() throws Exception;
    }

    /** Runs rounds from {@code workers} threads until {@code stop} says so (a round is never cut); answers commands sent. */
    private static long untilStopped(int workers, BooleanSupplier stop, Round round) throws Exception {
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    while (!stop.getAsBoolean()) {
                        sent.addAndGet(round.run());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sent.get();
    }

    /**
     * Runs the workload in batches ({@code POST /api/batches}) from {@code workers} threads until
     * {@code stop} says so: each takes {@code contracts} contracts at a time and sends their commands
     * as a field office's apps would, by who may send them: the manager's prospects and signings,
     * finance's deposits, the installer's installations, finance's balances. Answers commands sent.
     */
    long driveBatches(int workers, int contracts, BooleanSupplier stop) throws Exception {
        return untilStopped(workers, stop, () -> {
            List<String[]> signing = new ArrayList<>();
            List<String[]> deposits = new ArrayList<>();
            List<String[]> installations = new ArrayList<>();
            List<String[]> balances = new ArrayList<>();
            for (int c = 0; c < contracts; c++) {
                for (String[] request : workload.requests(workload.contract(nextContract.getAndIncrement()))) {
                    String path = request[1];
                    if (path.endsWith("/deposits")) {
                        deposits.add(request);
                    } else if (path.endsWith("/installations")) {
                        installations.add(request);
                    } else if (path.endsWith("/balance-payments")) {
                        balances.add(request);
                    } else {
                        signing.add(request);
                    }
                }
            }
            return client.batch("manager", signing) + client.batch("finance", deposits)
                    + client.batch("installer", installations) + client.batch("finance", balances);
        });
    }

    /** One contract's life: 5 commands, the mix of the field process. Answers the commands sent. */
    private int contract(long n, Runnable beforeEach, Sampler sampler) throws Exception {
        Workload.Contract contract = workload.contract(n);
        String[][] requests = workload.requests(contract);
        for (String[] request : requests) {
            beforeEach.run();
            long position = client.post(request[0], request[1], request[2]);
            sampler.sent(contract.district(), position);
        }
        return requests.length;
    }
}
