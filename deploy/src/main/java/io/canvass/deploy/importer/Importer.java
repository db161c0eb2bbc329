package io.canvass.deploy.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.deploy.importer.FinanceCsv.Line;
import io.canvass.deploy.importer.FinanceCsv.Stage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Loads a branch's history from finance's CSV files (docs/batches.md) through the command side's
 * batch endpoint: the lines are sent in windows of days, each window stage by stage (prospects,
 * contracts, deposits, installations, balances), in batches of up to 200 commands, each batch as
 * the login whose role records that stage. Refused lines go to a report with their reasons.
 *
 * <p>Resuming: after every answered batch the progress (lines done, report length) is saved beside
 * the report; a run on the same files goes on from there, truncating the report to what the saved
 * progress covers, and sends the batch that had no answer again. Every command carries its line's
 * ids, so that batch, or the whole import sent again ({@code --again}), is answered as the first
 * time and stores nothing twice.
 */
public final class Importer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The files, in the order their lines are numbered when they tie. */
    private static final List<String> FILES = List.of("prospects.csv", "contracts.csv", "payments.csv", "installations.csv");

    /** What a run does: where from, to whom, as whom, and what it reports where. */
    public record Options(Path dir, String commandUrl, Path report, Map<Stage, String> users, String password,
                          int batchSize, int windowDays, boolean again, boolean progress, Duration giveUpAfter) {

        static Options parse(String[] args, String password) {
            Path dir = null;
            String commandUrl = "http://localhost:8080";
            Path report = null;
            Map<Stage, String> users = defaultUsers();
            int batchSize = 200;
            int windowDays = 7;
            boolean again = false;
            boolean progress = true;
            Duration giveUp = Duration.ofMinutes(5);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--command-url" -> commandUrl = args[++i];
                    case "--report" -> report = Path.of(args[++i]);
                    case "--user" -> {
                        String[] kindUser = args[++i].split("=", 2);
                        for (Stage stage : stages(kindUser[0])) {
                            users.put(stage, kindUser[1]);
                        }
                    }
                    case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                    case "--window-days" -> windowDays = Integer.parseInt(args[++i]);
                    case "--again" -> again = true;
                    case "--no-progress" -> progress = false;
                    case "--give-up-after" -> giveUp = Duration.parse(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (options: --dir,"
                            + " --command-url, --report, --user, --batch-size, --window-days, --again, --no-progress,"
                            + " --give-up-after)");
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--dir: the folder holding prospects.csv, contracts.csv, payments.csv"
                        + " and installations.csv");
            }
            if (batchSize < 1 || batchSize > 200) {
                throw new IllegalArgumentException("--batch-size is 1 to 200");
            }
            if (windowDays < 1) {
                throw new IllegalArgumentException("--window-days is at least 1");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("set CANVASS_IMPORT_PASSWORD to the importing logins' password");
            }
            return new Options(dir, commandUrl, report == null ? dir.resolve("import-refused.csv") : report, users,
                    password, batchSize, windowDays, again, progress, giveUp);
        }

        /** Who records what by default: roles as docs/api.md gives them. */
        public static Map<Stage, String> defaultUsers() {
            Map<Stage, String> users = new EnumMap<>(Stage.class);
            users.put(Stage.PROSPECT, "manager");
            users.put(Stage.CONTRACT, "manager");
            users.put(Stage.DEPOSIT, "finance");
            users.put(Stage.INSTALLATION, "installer");
            users.put(Stage.BALANCE, "finance");
            return users;
        }

        private static List<Stage> stages(String kind) {
            return switch (kind) {
                case "prospects" -> List.of(Stage.PROSPECT);
                case "contracts" -> List.of(Stage.CONTRACT);
                case "payments" -> List.of(Stage.DEPOSIT, Stage.BALANCE);
                case "deposits" -> List.of(Stage.DEPOSIT);
                case "balances" -> List.of(Stage.BALANCE);
                case "installations" -> List.of(Stage.INSTALLATION);
                default -> throw new IllegalArgumentException("--user KIND=LOGIN: KIND is prospects, contracts, payments,"
                        + " deposits, balances or installations");
            };
        }
    }

    /** What a run did: lines in all, lines accepted, refused (in the report), and the last position written. */
    public record Result(int lines, int accepted, int refused, long lastPosition) {
    }

    private final Options options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Importer(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System.getenv("CANVASS_IMPORT_PASSWORD"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = new Importer(options, System.out).run();
        System.exit(result.refused() == 0 ? 0 : 1);
    }

    /** Runs the import with the given options (for tests: the password is passed, not read from the environment). */
    public static Result run(String password, String... args) throws Exception {
        return new Importer(Options.parse(args, password), System.out).run();
    }

    public Result run() throws Exception {
        List<Line> lines = ordered();
        String fingerprint = fingerprint(lines);
        Path progressFile = options.report().resolveSibling(options.report().getFileName() + ".progress");
        Progress progress = options.again() ? null : Progress.read(progressFile, fingerprint);
        if (progress == null) {
            progress = new Progress(fingerprint, 0, 0, 0, 0, -1);
            Files.writeString(options.report(), "file,line,status,reason\n", StandardCharsets.UTF_8);
            progress = progress.withReportLength(Files.size(options.report()));
        } else {
            try (RandomAccessFile report = new RandomAccessFile(options.report().toFile(), "rw")) {
                report.setLength(progress.reportLength()); // what a crash wrote after the last saved progress
            }
            if (progress.done() > 0) {
                out.printf("Resuming after line %d of %d (%s)%n", progress.done(), lines.size(), progressFile);
            }
        }
        out.printf("Importing %d lines from %s to %s, in batches of up to %d%n", lines.size(), options.dir(),
                options.commandUrl(), options.batchSize());
        int start = progress.done();
        while (start < lines.size()) {
            int end = batchEnd(lines, start);
            List<Line> batch = lines.subList(start, end);
            progress = send(batch, progress);
            progress.write(progressFile);
            start = end;
            draw(progress, lines.size());
        }
        draw(progress, lines.size());
        out.printf("%nDone: %d lines, %d accepted, %d refused%s%n", lines.size(), progress.accepted(), progress.refused(),
                progress.refused() == 0 ? "" : " (reasons in " + options.report() + ")");
        return new Result(lines.size(), progress.accepted(), progress.refused(), progress.lastPosition());
    }

    /**
     * Every line of the four files, in the order they are sent: by window of days, then stage, then
     * time, then file and line; unreadable lines first (they are reported, not sent).
     */
    List<Line> ordered() throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String file : FILES) {
            lines.addAll(FinanceCsv.read(options.dir(), file));
        }
        long windowSeconds = options.windowDays() * 86_400L;
        lines.sort(Comparator.comparing((Line line) -> line.unreadable() == null)
                .thenComparingLong(line -> line.occurredAt() == null ? 0 : Math.floorDiv(line.occurredAt().getEpochSecond(),
                        windowSeconds))
                .thenComparingInt(line -> line.stage() == null ? -1 : line.stage().ordinal())
                .thenComparing(line -> line.occurredAt() == null ? java.time.Instant.EPOCH : line.occurredAt())
                .thenComparingInt(line -> FILES.indexOf(line.file()))
                .thenComparingInt(Line::number));
        return lines;
    }

    /** Where the batch starting at {@code start} ends: at most batch-size lines of one login (unreadable lines alone). */
    private int batchEnd(List<Line> lines, int start) {
        Line first = lines.get(start);
        int end = start + 1;
        while (end < lines.size() && end - start < options.batchSize() && first.unreadable() == null
                && lines.get(end).unreadable() == null
                && options.users().get(lines.get(end).stage()).equals(options.users().get(first.stage()))) {
            end++;
        }
        if (first.unreadable() != null) {
            while (end < lines.size() && lines.get(end).unreadable() != null) {
                end++;
            }
        }
        return end;
    }

    /** Sends one batch until it is answered (a 5xx or no answer is sent again: the retry is exact). */
    private Progress send(List<Line> batch, Progress progress) throws Exception {
        List<String> refusals = new ArrayList<>();
        int accepted = 0;
        long lastPosition = progress.lastPosition();
        if (batch.get(0).unreadable() != null) {
            for (Line line : batch) {
                refusals.add(row(line, "-", line.unreadable()));
            }
        } else {
            JsonNode outcomes = answered(batch);
            for (int i = 0; i < batch.size(); i++) {
                JsonNode outcome = outcomes.get(i);
                int status = outcome.get("status").asInt();
                if (status >= 200 && status < 300) {
                    accepted++;
                    JsonNode position = outcome.path("body").path("position");
                    if (position.isNumber()) {
                        lastPosition = Math.max(lastPosition, position.asLong());
                    }
                } else {
                    refusals.add(row(batch.get(i), Integer.toString(status), reason(outcome.path("body"))));
                }
            }
        }
        if (!refusals.isEmpty()) {
            Files.writeString(options.report(), String.join("", refusals), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        return new Progress(progress.fingerprint(), progress.done() + batch.size(), progress.accepted() + accepted,
                progress.refused() + refusals.size(), Files.size(options.report()), lastPosition);
    }

    /** The batch's outcomes, once every one of them is an answer (none a 5xx). */
    private JsonNode answered(List<Line> batch) throws Exception {
        StringBuilder body = new StringBuilder("{\"commands\":[");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"path\":").append(JSON.writeValueAsString(batch.get(i).path()))
                    .append(",\"body\":").append(batch.get(i).body()).append('}');
        }
        body.append("]}");
        String user = options.users().get(batch.get(0).stage());
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.commandUrl() + "/api/batches"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + options.password()).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        long giveUp = System.nanoTime() + options.giveUpAfter().toNanos();
        Duration wait = Duration.ofSeconds(1);
        String why;
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode outcomes = JSON.readTree(response.body()).get("outcomes");
                    boolean failed = false;
                    for (JsonNode outcome : outcomes) {
                        failed |= outcome.get("status").asInt() >= 500;
                    }
                    if (!failed) {
                        return outcomes;
                    }
                    why = "a command failed on the command side's end";
                } else if (response.statusCode() >= 500 || response.statusCode() == 429) {
                    why = "the command side answered " + response.statusCode();
                } else {
                    throw new IllegalStateException("the batch was refused as a whole: " + response.statusCode() + " "
                            + response.body() + (response.statusCode() == 401 ? " (check the login of " + user
                            + " and CANVASS_IMPORT_PASSWORD)" : ""));
                }
            } catch (IOException noAnswer) {
                why = "no answer from " + options.commandUrl() + " (" + noAnswer.getClass().getSimpleName() + ")";
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("giving up: " + why + "; run the import again to resume");
            }
            out.printf("%n%s: sending the batch again in %d s%n", why, wait.toSeconds());
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : wait.multipliedBy(2);
        }
    }

    /** A refusal's reason: its detail, and the fields it names. */
    private static String reason(JsonNode problem) {
        StringBuilder reason = new StringBuilder(problem.path("detail").asText(problem.path("title").asText("")));
        JsonNode fields = problem.path("fields");
        if (fields.isObject() || fields.isArray()) {
            reason.append(" ").append(fields);
        }
        return reason.toString();
    }

    private static String row(Line line, String status, String reason) {
        return FinanceCsv.field(line.file()) + "," + line.number() + "," + status + "," + FinanceCsv.field(reason) + "\n";
    }

    /** The files' lines and the options that order and send them: progress saved for other ones does not apply. */
    private String fingerprint(List<Line> lines) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Line line : lines) {
            digest.update((line.file() + ":" + line.number() + ":" + line.path() + ":" + line.body() + ":"
                    + line.unreadable() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        digest.update((options.batchSize() + ":" + options.windowDays() + ":" + new LinkedHashSet<>(options.users().values()))
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private void draw(Progress progress, int total) {
        if (!options.progress()) {
            return;
        }
        int width = 40;
        int filled = total == 0 ? width : (int) ((long) progress.done() * width / total);
        out.printf("\r[%s%s] %3d%% %d/%d lines, %d refused", "#".repeat(filled), " ".repeat(width - filled),
                total == 0 ? 100 : progress.done() * 100L / total, progress.done(), total, progress.refused());
        out.flush();
    }

    /** How far an import got, saved after each answered batch. */
    record Progress(String fingerprint, int done, int accepted, int refused, long reportLength, long lastPosition) {

        Progress withReportLength(long length) {
            return new Progress(fingerprint, done, accepted, refused, length, lastPosition);
        }

        /** The saved progress of an import of these same lines, or null to start from the first line. */
        static Progress read(Path file, String fingerprint) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            String[] saved = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            if (saved.length != 6 || !saved[0].equals(fingerprint)) {
                return null;
            }
            return new Progress(saved[0], Integer.parseInt(saved[1]), Integer.parseInt(saved[2]), Integer.parseInt(saved[3]),
                    Long.parseLong(saved[4]), Long.parseLong(saved[5]));
        }

        /** Written beside and then moved over the old one, so a crash leaves the old or the new, never half. */
        void write(Path file) throws IOException {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, String.join(" ", fingerprint, Integer.toString(done), Integer.toString(accepted),
                    Integer.toString(refused), Long.toString(reportLength), Long.toString(lastPosition)),
                    StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
