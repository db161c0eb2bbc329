package io.canvass.command.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL after a command side was killed (issue 11): the server it left running
 * on the data folder is shut down cleanly and started again, with every committed row; a command
 * side never serves another data folder's server that happens to answer on its port; and a server
 * that goes away under a running command side is noticed.
 */
class OrphanedPostgresTest {

    /** Run in a separate JVM: starts an embedded PostgreSQL on a folder and port, writes a row, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(false).setPort(Integer.parseInt(args[1])).setRegisterShutdownHook(false).start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists kept (id int)");
            statement.execute("insert into kept values (1)");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static EmbeddedPostgresConfiguration.Settings settings(Path data, int port) {
        return new EmbeddedPostgresConfiguration.Settings(port, data.toString(), null, null, null, null);
    }

    @Test
    void a_server_left_running_by_a_killed_command_side_is_shut_down_and_started_again_with_its_data() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "orphaned-postgres").toAbsolutePath();
        int port = freePort();
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanedPostgresTest.class.getName(), data.toString(),
                Integer.toString(port)).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals("ready")) {
                // the child's log
            }
        }
        long orphan = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("kill -9 leaves the server running").hasValue(true);

        try (EmbeddedPostgres postgres = new EmbeddedPostgresConfiguration().embeddedPostgres(settings(data, port))) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("the orphan was stopped").isFalse();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                ResultSet kept = statement.executeQuery("select count(*) from kept");
                kept.next();
                assertThat(kept.getInt(1)).as("committed rows survive").isEqualTo(1);
                ResultSet directory = statement.executeQuery("show data_directory");
                directory.next();
                assertThat(Path.of(directory.getString(1))).isEqualTo(data);
            }
        }
    }

    @Test
    void a_command_side_never_uses_a_server_of_another_data_folder_on_its_port() throws Exception {
        Path first = Files.createTempDirectory(Path.of("target"), "first-postgres").toAbsolutePath();
        Path second = Files.createTempDirectory(Path.of("target"), "second-postgres").toAbsolutePath();
        int port = freePort();
        try (EmbeddedPostgres running = new EmbeddedPostgresConfiguration().embeddedPostgres(settings(first, port))) {
            assertThatThrownBy(() -> new EmbeddedPostgresConfiguration().embeddedPostgres(settings(second, port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + port).hasMessageContaining(second.toString());
            assertThat(running.getPort()).isEqualTo(port);
        }
    }

    @Test
    void the_watchdog_tells_once_when_the_embedded_server_goes_away() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "watched-postgres").toAbsolutePath();
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        try (EmbeddedPostgres postgres = new EmbeddedPostgresConfiguration().embeddedPostgres(settings(data, freePort()));
             EmbeddedPostgresWatchdog watchdog = new EmbeddedPostgresWatchdog(data, told::incrementAndGet,
                     java.time.Duration.ofHours(1))) {
            assertThat(watchdog.check()).isTrue();
            assertThat(told).hasValue(0);
            ProcessHandle.of(watchdog.pid()).orElseThrow().destroyForcibly();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !ProcessHandle.of(watchdog.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertThat(watchdog.check()).isFalse();
            assertThat(watchdog.check()).isFalse();
            assertThat(told).as("told once").hasValue(1);
        }
    }
}
