package io.canvass.deploy.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four CSV files finance keeps (docs/batches.md#the-csv-files), and each line as the command it
 * records: prospects, contracts, payments (deposits and balances) and installations. Every line
 * carries the ids of what it records (prospect, contract, payment, installation): they are the
 * command's idempotency keys, so sending a line again is answered as the first time.
 */
public final class FinanceCsv {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a line records, in the order the stages of one window are sent: a contract needs its
     * prospect, a deposit its contract, an installation its deposit fully in.
     */
    public enum Stage {
        PROSPECT("prospects.csv", List.of("prospect_id", "channel", "business_name", "district_id", "street_id", "address",
                "salesperson_id", "occurred_at"), List.of("contact_name", "contact_phone")),
        CONTRACT("contracts.csv", List.of("contract_id", "prospect_id", "salesperson_id", "kind", "units", "unit_price",
                "deposit_required", "occurred_at"), List.of("campaign_id")),
        DEPOSIT("payments.csv", List.of("contract_id", "payment_id", "type", "amount", "method", "receipt_no",
                "occurred_at"), List.of()),
        INSTALLATION("installations.csv", List.of("contract_id", "installation_id", "units", "installer_id",
                "delivery_receipt_no", "occurred_at"), List.of()),
        BALANCE("payments.csv", DEPOSIT.required, List.of());

        public final String file;
        final List<String> required;
        final List<String> optional;

        Stage(String file, List<String> required, List<String> optional) {
            this.file = file;
            this.required = required;
            this.optional = optional;
        }

        /** The file's columns, as an export writes them. */
        public List<String> columns() {
            List<String> columns = new ArrayList<>(required);
            columns.addAll(optional);
            return columns;
        }
    }

    /** One line of a file: where it is, what it records, and the command that records it (or why it cannot). */
    public record Line(String file, int number, Stage stage, Instant occurredAt, String path, String body,
                       String unreadable) {
    }

    private FinanceCsv() {
    }

    /** The lines of one file (none if it does not exist); a line that cannot be read says why. */
    static List<Line> read(Path dir, String file) throws IOException {
        Path path = dir.resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        List<String> text = Files.readAllLines(path, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> header = fields(strip(text.get(0)));
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            lines.add(line(file, i + 1, header, text.get(i)));
        }
        return lines;
    }

    private static String strip(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    private static Line line(String file, int number, List<String> header, String text) {
        List<String> values;
        try {
            values = fields(text);
        } catch (IllegalArgumentException e) {
            return unreadable(file, number, e.getMessage());
        }
        if (values.size() != header.size()) {
            return unreadable(file, number, "has " + values.size() + " fields, the header " + header.size());
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i).strip(), values.get(i));
        }
        Stage stage = stage(file, row);
        if (stage == null) {
            return unreadable(file, number, "type: must be DEPOSIT or BALANCE");
        }
        for (String column : stage.required) {
            if (!row.containsKey(column)) {
                return unreadable(file, number, "the file has no column " + column);
            }
        }
        Instant at;
        try {
            at = Instant.parse(row.get("occurred_at").strip());
        } catch (DateTimeParseException e) {
            return unreadable(file, number, "occurred_at: must be an ISO-8601 UTC time, such as 2026-03-02T02:00:00Z");
        }
        ObjectNode body = JSON.createObjectNode();
        String path = switch (stage) {
            case PROSPECT -> {
                text(body, row, "prospectId", "prospect_id", "channel", "channel", "businessName", "business_name",
                        "districtId", "district_id", "streetId", "street_id", "address", "address",
                        "salespersonId", "salesperson_id", "occurredAt", "occurred_at", "contactName", "contact_name",
                        "contactPhone", "contact_phone");
                yield "/api/prospects";
            }
            case CONTRACT -> {
                text(body, row, "contractId", "contract_id", "prospectId", "prospect_id", "salespersonId", "salesperson_id",
                        "kind", "kind");
                number(body, "units", row.get("units"));
                text(body, row, "unitPrice", "unit_price", "depositRequired", "deposit_required", "occurredAt",
                        "occurred_at", "campaignId", "campaign_id");
                yield "/api/contracts";
            }
            case DEPOSIT, BALANCE -> {
                text(body, row, "paymentId", "payment_id", "amount", "amount", "method", "method", "receiptNo", "receipt_no",
                        "occurredAt", "occurred_at");
                yield "/api/contracts/" + segment(row.get("contract_id"))
                        + (stage == Stage.DEPOSIT ? "/deposits" : "/balance-payments");
            }
            case INSTALLATION -> {
                text(body, row, "installationId", "installation_id");
                number(body, "units", row.get("units"));
                text(body, row, "installerId", "installer_id", "deliveryReceiptNo", "delivery_receipt_no", "occurredAt",
                        "occurred_at");
                yield "/api/contracts/" + segment(row.get("contract_id")) + "/installations";
            }
        };
        return new Line(file, number, stage, at, path, body.toString(), null);
    }

    private static Stage stage(String file, Map<String, String> row) {
        if (!file.equals(Stage.DEPOSIT.file)) {
            for (Stage stage : Stage.values()) {
                if (stage.file.equals(file)) {
                    return stage;
                }
            }
        }
        String type = row.getOrDefault("type", "").strip().toUpperCase(java.util.Locale.ROOT);
        return type.equals("DEPOSIT") ? Stage.DEPOSIT : type.equals("BALANCE") ? Stage.BALANCE : null;
    }

    /** A contract id as one path segment: the API refuses what is not one (its 4xx goes to the report). */
    private static String segment(String id) {
        return java.net.URLEncoder.encode(id == null ? "" : id.strip(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Copies (json name, column) pairs that are present and not empty, as text. */
    private static void text(ObjectNode body, Map<String, String> row, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            String value = row.get(pairs[i + 1]);
            if (value != null && !value.isEmpty()) {
                body.put(pairs[i], value);
            }
        }
    }

    /** A whole number as a number; anything else as it was written, for the API to refuse naming the field. */
    private static void number(ObjectNode body, String name, String value) {
        try {
            body.put(name, Integer.parseInt(value.strip()));
        } catch (NumberFormatException | NullPointerException e) {
            body.put(name, value);
        }
    }

    private static Line unreadable(String file, int number, String why) {
        return new Line(file, number, null, null, null, null, why);
    }

    /** The fields of one CSV line (RFC 4180: a field may be quoted, a quote in it doubled; no line breaks in fields). */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    /** One CSV field as written: quoted when it holds a comma, a quote or leading or trailing space. */
    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || !value.equals(value.strip())) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
