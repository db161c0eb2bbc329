package io.canvass.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/run.sh} as a child process: started on a data folder and free ports, awaited until
 * both apps are ready, stopped as Ctrl-C would. Used by the benchmark and the end-to-end tests.
 */
public final class RunScript implements AutoCloseable {

    public final Path script;
    public final Path data;
    public final int commandPort;
    public final int queryPort;
    public final int postgresPort;
    public final int mongoPort;
    private final Path output;
    private final Process process;
    private final Map<String, String> environment;
    private final List<String> extra;

    private RunScript(Path script, Path data, int commandPort, int queryPort, int postgresPort, int mongoPort,
                      Map<String, String> environment, List<String> extra) throws IOException {
        this.environment = Map.copyOf(environment);
        this.extra = List.copyOf(extra);
        this.script = script;
        this.data = data;
        this.commandPort = commandPort;
        this.queryPort = queryPort;
        this.postgresPort = postgresPort;
        this.mongoPort = mongoPort;
        this.output = Files.createTempFile("canvass-run", ".log");
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--no-build", "--data", data.toString(),
                "--command-port", Integer.toString(commandPort), "--query-port", Integer.toString(queryPort),
                "--postgres-port", Integer.toString(postgresPort), "--mongo-port", Integer.toString(mongoPort)));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Starts run.sh (at {@code script}) on fresh ports and waits until it says Canvass is running. */
    public static RunScript start(Path script, Path data, String... extra) throws Exception {
        return start(script, data, Map.of(), extra);
    }

    /** The same, with environment variables for run.sh (JAVA_OPTS, QUERY_JAVA_OPTS). */
    public static RunScript start(Path script, Path data, Map<String, String> environment, String... extra)
            throws Exception {
        return start(script, data, environment, Duration.ofMinutes(4), extra);
    }

    /** The same, waiting up to {@code timeout} for it to be running. */
    public static RunScript start(Path script, Path data, Map<String, String> environment, Duration timeout,
                                  String... extra) throws Exception {
        RunScript run = new RunScript(script, data, freePort(), freePort(), freePort(), freePort(), environment,
                List.of(extra));
        run.awaitLog("Canvass is running.", timeout);
        return run;
    }

    /** Starts run.sh again on the same data and ports, with the same options but the demo (which ran once). */
    public RunScript restart() throws Exception {
        return restart(Duration.ofMinutes(4));
    }

    /** The same, waiting up to {@code timeout} for it to be running (a large store built from every event). */
    public RunScript restart(Duration timeout) throws Exception {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < extra.size(); i++) {
            String option = extra.get(i);
            if (option.equals("--days") || option.equals("--seed")) {
                i++;
            } else if (!option.equals("--demo") && !option.equals("--misses")) {
                options.add(option);
            }
        }
        RunScript again = new RunScript(script, data, commandPort, queryPort, postgresPort, mongoPort, environment,
                options);
        again.awaitLog("Canvass is running.", timeout);
        return again;
    }

    /** Waits until the script's output contains the text. */
    public void awaitLog(String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!log().contains(text)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("run.sh never said \"" + text + "\":\n" + log());
            }
            Thread.sleep(250);
        }
    }

    public String log() throws IOException {
        return Files.readString(output);
    }

    /** The process id of an app ("command-side" or "query-side"), as run.sh recorded it. */
    public long pid(String app) throws IOException {
        return Long.parseLong(Files.readString(data.resolve(app + ".pid")).strip());
    }

    public int exitCode() {
        return process.exitValue();
    }

    /**
     * Stops as Ctrl-C would (SIGTERM, which run.sh handles the same way: a background process
     * started from a script ignores SIGINT), and waits until both apps are down; an app still up
     * after two minutes is killed, so nothing outlives the run.
     */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        for (String app : List.of("query-side", "command-side")) {
            try {
                ProcessHandle.of(pid(app)).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException noPidFile) {
                // never started
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
