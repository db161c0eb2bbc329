package io.canvass.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenAPI documents kept in the repository ({@code deploy/openapi/}) against what the apps
 * publish: a change of the API shows as a diff of the kept document, reviewed like code. Run the
 * tests with {@code -Dcanvass.openapi.update=true} to write the published documents there.
 */
public final class KeptSpec {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KeptSpec() {
    }

    /** Null when the kept document equals the published one; otherwise what to do about it. */
    public static String difference(String app, String published) {
        Path kept = Path.of("..", "deploy", "openapi", app + ".json");
        try {
            JsonNode live = JSON.readTree(published);
            if (Boolean.getBoolean("canvass.openapi.update")) {
                Files.createDirectories(kept.getParent());
                Files.writeString(kept, JSON.writeValueAsString(live) + "\n");
                return null;
            }
            if (!Files.exists(kept)) {
                return kept + " is missing: run the tests with -Dcanvass.openapi.update=true and commit it";
            }
            return JSON.readTree(Files.readString(kept)).equals(live) ? null
                    : "the API changed: " + kept + " differs from what " + app + " publishes. If the change is meant,"
                    + " run the tests with -Dcanvass.openapi.update=true and commit the new document";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
