package io.canvass.command.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded PostgreSQL runs as a process of its own. If it goes away under the command side
 * (killed, out of memory), the command side can record nothing; rather than answer 503 for ever,
 * it stops, saying why and where the data is, so that whatever supervises it (deploy/run.sh stops
 * the whole of Canvass and says so; systemd or Kubernetes restart it) starts it again, which
 * starts the server again on the same data. Every committed event is on disk. With an external
 * PostgreSQL (a URL configured) there is no watchdog: commands answer 503 until it is back.
 */
final class EmbeddedPostgresWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresWatchdog.class);

    private final Path dataDir;
    private final long pid;
    private final Runnable onServerGone;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-postgres-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    EmbeddedPostgresWatchdog(Path dataDir, Runnable onServerGone, Duration every) throws IOException {
        this.dataDir = dataDir;
        this.pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        this.onServerGone = onServerGone;
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    long pid() {
        return pid;
    }

    /** Whether the server is still running; when it is not, tells {@code onServerGone} once. */
    boolean check() {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && fired.compareAndSet(false, true)) {
            log.error("The embedded PostgreSQL (pid {}, data in {}) has stopped. The command side cannot record anything"
                    + " without it and stops too; start Canvass again (deploy/run.sh) and it starts the server again on"
                    + " the same data: every committed event is on disk.", pid, dataDir);
            onServerGone.run();
        }
        return alive;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
