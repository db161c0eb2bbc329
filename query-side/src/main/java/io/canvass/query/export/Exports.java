package io.canvass.query.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canvass.platform.web.InvalidField;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.engine.Freshness;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The files finance downloads (docs/finance.md, "Exports"): which format a request asks for, and
 * the answer that carries one, with how fresh it is in its headers as in the file.
 */
@Component
public class Exports {

    /** The XLSX media type, for the operations' documentation. */
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** What every workbook's operation says of its cells and freshness. */
    public static final String WORKBOOK = " Money as numbers in yuan with two decimals, days as dates; a header row, frozen"
            + " panes and a filter on every sheet. X-Canvass-Position and X-Canvass-Stale say how fresh it is, and so"
            + " does its Summary sheet (a STALE row).";

    /** The formats an answer comes in; JSON is every answer's default. */
    public enum Format {
        JSON(MediaType.APPLICATION_JSON), CSV(new MediaType("text", "csv", StandardCharsets.UTF_8)),
        XLSX(Workbooks.XLSX);

        private final MediaType type;

        Format(MediaType type) {
            this.type = type;
        }

        public MediaType type() {
            return type;
        }
    }

    private final Workbooks workbooks;

    Exports(ObjectMapper json, CanvassSettings settings) {
        this.workbooks = new Workbooks(json, settings.zone());
    }

    /**
     * The format asked for: {@code ?format=} when given (json or one of {@code offered}, else a 400
     * naming it), else the first of JSON and the offered types the Accept header names, by quality and then order
     * ("application/json, text/csv", which a generated client sends, is JSON; "text/csv" or
     * "text/csv, application/json;q=0.5" is CSV). Wildcards and an unreadable header get JSON; an
     * Accept header naming none of them is left to Spring, which answers JSON or 406 as for any answer.
     * Neither {@code format} nor these Accept types are in the JSON operation's document: each file
     * has an operation of its own, and a new parameter would change a generated client's methods.
     */
    public static Format asked(String accept, String format, Format... offered) {
        List<Format> formats = new ArrayList<>(List.of(Format.JSON));
        formats.addAll(Arrays.asList(offered));
        if (format != null) {
            return formats.stream().filter(f -> f.name().equalsIgnoreCase(format.trim())).findFirst()
                    .orElseThrow(() -> new InvalidField("format", "must be one of " + String.join(", ",
                            formats.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList())));
        }
        if (accept == null || accept.isBlank()) {
            return Format.JSON;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException malformed) {
            return Format.JSON;
        }
        // one pass (Spring's sorter refuses more than 50 types: a 500 for a long header): the better
        // quality wins, the earlier of two equal ones
        Format best = Format.JSON;
        double quality = 0;
        for (MediaType type : types) {
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                continue;
            }
            for (Format candidate : formats) {
                if (type.isCompatibleWith(candidate.type()) && type.getQualityValue() > quality) {
                    best = candidate;
                    quality = type.getQualityValue();
                }
            }
        }
        return best;
    }

    /** The workbook of an answer (see {@link Workbooks}) as a download. */
    public ResponseEntity<byte[]> xlsx(String filename, Freshness.Read read, Object answer) {
        return download(Format.XLSX, filename + ".xlsx", read, workbooks.write(answer, read.stale()));
    }

    /** A file with how fresh it is: X-Canvass-Position and X-Canvass-Stale, as the JSON's asOf and stale. */
    public static <T> ResponseEntity<T> download(Format format, String filename, Freshness.Read read, T body) {
        return ResponseEntity.ok()
                .contentType(format.type())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .header("X-Canvass-Position", Long.toString(read.asOf().position()))
                .header("X-Canvass-Stale", Boolean.toString(read.stale()))
                .body(body);
    }
}
