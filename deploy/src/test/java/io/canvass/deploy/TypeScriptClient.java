package io.canvass.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The typed dashboard client of {@code deploy/dashboard-client} (issue 29), built as a dashboard
 * team builds it: {@code npm ci} from its lock file, types generated from the kept OpenAPI documents
 * by openapi-typescript, {@code tsc --strict}; then run against a running Canvass. Where Node.js is
 * missing the calling test is skipped, saying how to install it.
 */
final class TypeScriptClient {

    static final Path DIR = Path.of("dashboard-client").toAbsolutePath();
    static final String INSTALL = "sudo apt-get install -y nodejs npm (Node.js 20 or later)";

    private TypeScriptClient() {
    }

    /** Skips the calling test unless node and npm answer. */
    static void assumeNode() {
        Assumptions.assumeTrue(answers("node", "--version") && answers("npm", "--version"),
                "Node.js is not installed, so the TypeScript client is not built or run; install it with: " + INSTALL);
    }

    /** Installs, generates, compiles with --strict; what the compiler said if it refused. */
    static void build() throws Exception {
        run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
        run(Duration.ofMinutes(3), "npm", "run", "build");
    }

    /** Runs the demo dashboard against Canvass; its output. */
    static String runDemo(Canvass canvass, long minPosition) throws Exception {
        return run(Duration.ofMinutes(3), "node", "dist/demo.js", "--command-url", "http://localhost:" + canvass.commandPort,
                "--query-url", "http://localhost:" + canvass.queryPort, "--min-position", Long.toString(minPosition));
    }

    private static boolean answers(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException missing) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(Duration timeout, String... command) throws Exception {
        Path log = Files.createTempFile("dashboard-client", ".log");
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (!ended || process.exitValue() != 0) {
            List<String> what = new ArrayList<>(List.of(command));
            throw new AssertionError(String.join(" ", what) + (ended ? " failed (" + process.exitValue() + ")"
                    : " did not end in " + timeout) + " in " + DIR + ":\n" + output);
        }
        return output;
    }
}
