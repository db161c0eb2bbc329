package io.canvass.deploy.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditor's offline verifier of a Canvass audit export ({@code GET /api/audit/export}): plain
 * Java, this one file, no database and nothing of Canvass's own code, so an auditor can read all of
 * what it trusts. Run it with {@code deploy/verify.sh FILE [--digest DIGEST]} (the JDK runs this
 * source file directly).
 *
 * <p>It recomputes every event's hash from its exported bytes over the hash before it, starting
 * from the export's {@code previousHash}:
 * <pre>
 *   SHA-256( previous hash || int8 position || field(eventId) || field(aggregateId) || int8 sequence
 *            || field(type) || field(timestamp) || field(payloadType) || field(payloadRevision)
 *            || field(payload bytes) || field(metadata bytes) )
 * </pre>
 * ({@code field(x)}: x's length as a big-endian int4, then its bytes, text as UTF-8; a null is
 * length -1), compares it with the exported hash, checks each exported digest's Ed25519 signature
 * and head, and, with {@code --digest} (a file holding the JSON of {@code GET /api/audit/digest},
 * or that JSON itself), that the chain reaches the head of a digest the auditor kept. It names the
 * first event that breaks. Exit status: 0 verified, 1 broken, 2 not a readable export.
 */
public final class VerifyExport {

    /** What a run concluded. */
    public record Outcome(int status, String message) {
    }

    private VerifyExport() {
    }

    public static void main(String[] args) throws IOException {
        Outcome outcome = run(args, System.err);
        (outcome.status() == 0 ? System.out : System.err).println(outcome.message());
        System.exit(outcome.status());
    }

    public static Outcome run(String[] args, PrintStream progress) throws IOException {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--digest"))) {
            return new Outcome(2, "usage: verify.sh EXPORT.jsonl [--digest DIGEST.json | --digest '{...}']");
        }
        Map<String, Object> kept = null;
        if (args.length == 3) {
            String text = args[2].strip().startsWith("{") ? args[2] : Files.readString(Path.of(args[2]));
            kept = Json.object(text.strip());
            String problem = signatureProblem(kept);
            if (problem != null) {
                return new Outcome(1, "BROKEN: the kept digest " + problem);
            }
        }
        try {
            return verify(Path.of(args[0]), kept, progress);
        } catch (IllegalArgumentException unreadable) {
            return new Outcome(2, "NOT AN EXPORT: " + unreadable.getMessage());
        }
    }

    static Outcome verify(Path export, Map<String, Object> kept, PrintStream progress) throws IOException {
        // first pass: the positions whose hashes the digests name
        Map<Long, List<Map<String, Object>>> digestsAt = new HashMap<>();
        Map<String, Object> header = null;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> object = parse(line, number);
                if (number == 1) {
                    header = object;
                } else if ("digest".equals(object.get("kind"))) {
                    digestsAt.computeIfAbsent(number(object, "position", number), p -> new ArrayList<>()).add(object);
                }
            }
        }
        if (header == null || !"canvass-audit-export/1".equals(header.get("format"))) {
            throw new IllegalArgumentException("the first line is not a canvass-audit-export/1 header");
        }
        long from = number(header, "from", 1);
        long to = number(header, "to", 1);
        if (kept != null) {
            long position = number(kept, "position", 0);
            if (position < from || position > to) {
                return new Outcome(1, "NOT COVERED: the kept digest signs position " + position + ", outside this export's"
                        + " positions " + from + ".." + to + "; export a range that includes it");
            }
            digestsAt.computeIfAbsent(position, p -> new ArrayList<>()).add(kept);
        }

        byte[] previous = hex(text(header, "previousHash", 1));
        long last = -1;
        long events = 0;
        int digests = 0;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank() || number == 1) {
                    continue;
                }
                Map<String, Object> event = parse(line, number);
                if ("digest".equals(event.get("kind"))) {
                    String problem = signatureProblem(event);
                    if (problem != null) {
                        return new Outcome(1, "BROKEN: the digest on line " + number + " " + problem);
                    }
                    continue;
                }
                if (!"event".equals(event.get("kind"))) {
                    throw new IllegalArgumentException("line " + number + " is neither an event nor a digest");
                }
                long position = number(event, "position", number);
                if (position <= last || position < from || position > to) {
                    return new Outcome(1, "BROKEN at position " + position + " (line " + number + "): positions must rise"
                            + " within " + from + ".." + to + ", and the one before was " + last);
                }
                byte[] computed = hash(previous, position, event, number);
                String stored = text(event, "hash", number);
                if (!HexFormat.of().formatHex(computed).equals(stored)) {
                    return new Outcome(1, "BROKEN at position " + position + " (line " + number + "): event "
                            + event.get("eventId") + " of " + event.get("aggregateId") + " (" + event.get("payloadType")
                            + ") does not hash to its exported hash over the event before it: stored " + stored
                            + ", computed " + HexFormat.of().formatHex(computed));
                }
                for (Map<String, Object> digest : digestsAt.getOrDefault(position, List.of())) {
                    if (!stored.equals(digest.get("headHash"))) {
                        return new Outcome(1, "BROKEN at position " + position + " (line " + number + "): the chain"
                                + " reaches " + stored + " here, but the digest signed at " + digest.get("signedAt")
                                + " by key " + digest.get("keyId") + " says " + digest.get("headHash"));
                    }
                    digests++;
                }
                digestsAt.remove(position);
                previous = computed;
                last = position;
                if (++events % 100_000 == 0) {
                    progress.println(events + " events checked");
                }
            }
        }
        if (!digestsAt.isEmpty()) {
            long missing = digestsAt.keySet().stream().min(Long::compare).orElseThrow();
            return new Outcome(1, "BROKEN: a digest signs position " + missing + ", which is not in the export");
        }
        return new Outcome(0, "VERIFIED: " + events + " events, positions " + from + ".." + to + ", head "
                + HexFormat.of().formatHex(previous) + "; " + digests + " digest(s) matched"
                + (kept == null ? "" : ", including the kept one (position " + kept.get("position") + ", key "
                + kept.get("keyId") + ")"));
    }

    static byte[] hash(byte[] previous, long position, Map<String, Object> event, int line) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous);
            sha256.update(ByteBuffer.allocate(8).putLong(position).array());
            field(sha256, utf8((String) event.get("eventId")));
            field(sha256, utf8((String) event.get("aggregateId")));
            sha256.update(ByteBuffer.allocate(8).putLong(number(event, "sequence", line)).array());
            field(sha256, utf8((String) event.get("type")));
            field(sha256, utf8((String) event.get("timestamp")));
            field(sha256, utf8((String) event.get("payloadType")));
            field(sha256, utf8((String) event.get("payloadRevision")));
            field(sha256, base64((String) event.get("payload"), line));
            field(sha256, base64((String) event.get("metadata"), line));
            return sha256.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when the digest is signed by the key it carries, and that key has the id it names. */
    static String signatureProblem(Map<String, Object> digest) {
        try {
            byte[] keyBytes = Base64.getDecoder().decode((String) digest.get("publicKey"));
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(keyBytes));
            String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyBytes), 0, 8);
            if (!keyId.equals(digest.get("keyId"))) {
                return "names key " + digest.get("keyId") + " but carries key " + keyId;
            }
            String message = "canvass-digest/1|" + number(digest, "position", 0) + "|" + digest.get("headHash") + "|"
                    + Instant.parse((String) digest.get("signedAt"));
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(message.getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(Base64.getDecoder().decode((String) digest.get("signature")))
                    ? null : "is not signed by its key " + keyId;
        } catch (GeneralSecurityException | RuntimeException e) {
            return "cannot be checked: " + e.getMessage();
        }
    }

    private static void field(MessageDigest sha256, byte[] bytes) {
        sha256.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            sha256.update(bytes);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] base64(String text, int line) {
        try {
            return text == null ? null : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + line + " has bytes that are not base64");
        }
    }

    private static byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the header's previousHash is not hex");
        }
    }

    private static Map<String, Object> parse(String line, int number) {
        try {
            return Json.object(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + " is not a JSON object: " + e.getMessage());
        }
    }

    private static long number(Map<String, Object> object, String name, int line) {
        if (!(object.get(name) instanceof Long value)) {
            throw new IllegalArgumentException("line " + line + " has no whole number " + name);
        }
        return value;
    }

    private static String text(Map<String, Object> object, String name, int line) {
        if (!(object.get(name) instanceof String value)) {
            throw new IllegalArgumentException("line " + line + " has no text " + name);
        }
        return value;
    }

    /** Just enough JSON for the export's lines: one flat object of text, whole numbers, true, false and null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Map<String, Object> object(String text) {
            Json json = new Json(text);
            Map<String, Object> object = json.readObject();
            json.skipSpace();
            if (json.at != text.length()) {
                throw new IllegalArgumentException("text after the object at " + json.at);
            }
            return object;
        }

        private Map<String, Object> readObject() {
            expect('{');
            Map<String, Object> object = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                String name = readString();
                skipSpace();
                expect(':');
                skipSpace();
                if (object.put(name, readValue()) != null) {
                    throw new IllegalArgumentException("the name " + name + " twice");
                }
                skipSpace();
                char next = next();
                if (next == '}') {
                    return object;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (at - 1));
                }
            }
        }

        private Object readValue() {
            char c = peek();
            if (c == '"') {
                return readString();
            }
            if (text.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (text.startsWith("true", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            int start = at;
            while (at < text.length() && "-0123456789".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at || at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
                throw new IllegalArgumentException("a value that is not text, a whole number, true, false or null at "
                        + start);
            }
            return Long.parseLong(text.substring(start, at));
        }

        private String readString() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("a control character in text at " + (at - 1));
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw new IllegalArgumentException("a cut \\u escape at " + at);
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new IllegalArgumentException("an unknown escape at " + (at - 1));
                }
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private char peek() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("the line ends too soon");
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
            }
        }
    }
}
