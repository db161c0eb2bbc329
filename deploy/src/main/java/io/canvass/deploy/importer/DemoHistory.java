package io.canvass.deploy.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.deploy.demo.DemoCampaign;
import io.canvass.deploy.importer.FinanceCsv.Stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo campaign's field history as finance's CSV files (what {@link Importer} reads): a store
 * loaded from them holds what the demo drives. The plan (districts, campaigns) is not finance's and
 * is answered for the caller to send first.
 */
public final class DemoHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoHistory() {
    }

    /** Writes the four files of the demo run with {@code demoArgs} into {@code dir}; answers the plan's requests. */
    public static List<DemoCampaign.Step> export(Path dir, String... demoArgs) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<String>> files = new LinkedHashMap<>();
        for (Stage stage : List.of(Stage.PROSPECT, Stage.CONTRACT, Stage.DEPOSIT, Stage.INSTALLATION)) {
            files.put(stage.file, new ArrayList<>(List.of(String.join(",", stage.columns()))));
        }
        List<DemoCampaign.Step> plan = new ArrayList<>();
        for (DemoCampaign.Step step : DemoCampaign.requests(demoArgs)) {
            JsonNode body = JSON.readTree(step.body());
            String path = step.path();
            String contract = path.startsWith("/api/contracts/") ? path.split("/")[3] : "";
            if (path.equals("/api/districts") || path.equals("/api/campaigns")) {
                plan.add(step);
            } else if (path.equals("/api/prospects")) {
                files.get(Stage.PROSPECT.file).add(row(body, Stage.PROSPECT, Map.of()));
            } else if (path.equals("/api/contracts")) {
                files.get(Stage.CONTRACT.file).add(row(body, Stage.CONTRACT, Map.of()));
            } else if (path.endsWith("/deposits") || path.endsWith("/balance-payments")) {
                files.get(Stage.DEPOSIT.file).add(row(body, Stage.DEPOSIT, Map.of("contract_id", contract,
                        "type", path.endsWith("/deposits") ? "DEPOSIT" : "BALANCE")));
            } else if (path.endsWith("/installations")) {
                files.get(Stage.INSTALLATION.file).add(row(body, Stage.INSTALLATION, Map.of("contract_id", contract)));
            } else {
                throw new IllegalArgumentException("not in finance's files: " + path + " (export the demo without --misses)");
            }
        }
        for (Map.Entry<String, List<String>> file : files.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        return plan;
    }

    /** One line: each column from the body's field of the same name in camelCase, or from {@code given}. */
    private static String row(JsonNode body, Stage stage, Map<String, String> given) {
        List<String> fields = new ArrayList<>();
        for (String column : stage.columns()) {
            String value = given.get(column);
            if (value == null) {
                JsonNode field = body.get(camel(column));
                value = field == null || field.isNull() ? "" : field.asText();
            }
            fields.add(FinanceCsv.field(value));
        }
        return String.join(",", fields);
    }

    private static String camel(String column) {
        StringBuilder name = new StringBuilder();
        for (String part : column.split("_")) {
            name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }
}
