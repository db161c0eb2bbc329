package io.canvass.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone is all a newcomer has: the documentation must hold together inside the repository, and
 * the code must cite it rather than files beside the repository (CONTRIBUTING.md). Checks every
 * relative link of README.md, BENCHMARKS.md, CONTRIBUTING.md and docs/ (the file, and the heading
 * anchor where one is given, as GitHub names it), and that no Java source cites a path outside the
 * repository or the business's documents by their outside names.
 */
class RepositoryDocsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** An inline link or image: {@code [text](target)} or {@code ![alt](target)}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    // spelled in parts, so that this file does not match what it looks for
    private static final String OUTSIDE = "../" + "shared";
    private static final Pattern OUTSIDE_DOCUMENT = Pattern.compile("shared" + "/(DOMAIN|API|STYLE|STACK-NOTES)\\.md");
    /** The business's documents by the names they have outside the repository, not docs/domain.md or docs/api.md. */
    private static final Pattern BARE_DOCUMENT = Pattern.compile("(?<![\\w/.-])(DOMAIN|API|STYLE|STACK-NOTES)\\.md");

    @Test
    void every_relative_link_of_the_documentation_resolves_to_a_file_and_a_heading() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).as("documents found under " + ROOT)
                .contains(ROOT.resolve("README.md"), ROOT.resolve("docs/domain.md"));
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int links = 0;
        for (Path document : documents) {
            List<String> lines = outsideCode(Files.readAllLines(document));
            for (int i = 0; i < lines.size(); i++) {
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String target = link.group(1);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    links++;
                    String where = ROOT.relativize(document) + ":" + (i + 1) + ": " + target;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                    if (!resolved.startsWith(ROOT)) {
                        broken.add(where + " (outside the repository)");
                    } else if (!Files.exists(resolved)) {
                        broken.add(where + " (no such file)");
                    } else if (hash >= 0) {
                        String anchor = target.substring(hash + 1);
                        if (!resolved.toString().endsWith(".md") || Files.isDirectory(resolved)) {
                            broken.add(where + " (an anchor into a file that is not Markdown)");
                        } else if (!anchors.computeIfAbsent(resolved, RepositoryDocsTest::anchorsOf).contains(anchor)) {
                            broken.add(where + " (no heading with this anchor)");
                        }
                    }
                }
            }
        }
        assertThat(links).as("relative links checked").isGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void no_java_source_cites_a_document_outside_the_repository() throws IOException {
        List<String> citations = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !ROOT.relativize(path).toString().contains("target/"))
                    .filter(path -> !ROOT.relativize(path).toString().contains("src/test/resources/"))
                    .toList();
        }
        assertThat(sources).as("Java sources found under " + ROOT).hasSizeGreaterThan(100);
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String comment = commentOf(line);
                if (line.contains(OUTSIDE) || OUTSIDE_DOCUMENT.matcher(line).find()
                        || (comment != null && BARE_DOCUMENT.matcher(comment).find())) {
                    citations.add(ROOT.relativize(source) + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(citations).as("cite docs/domain.md#section or docs/api.md#section instead").isEmpty();
    }

    @Test
    void anchors_are_named_as_github_names_them() {
        assertThat(slug("The branch's day")).isEqualTo("the-branchs-day");
        assertThat(slug("Money arrives: settlement")).isEqualTo("money-arrives-settlement");
        assertThat(slug("Command side (port 8080)")).isEqualTo("command-side-port-8080");
        assertThat(slug("`canvass.zone` and 2 units")).isEqualTo("canvasszone-and-2-units");
        assertThat(anchorsOf(List.of("# Notes", "## Notes", "```", "# Not a heading", "```")))
                .containsExactlyInAnyOrder("notes", "notes-1");
    }

    static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        for (String top : List.of("README.md", "BENCHMARKS.md", "CONTRIBUTING.md")) {
            if (Files.exists(ROOT.resolve(top))) {
                documents.add(ROOT.resolve(top));
            }
        }
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The lines, with those inside fenced code blocks blanked (a link or heading there is text). */
    static List<String> outsideCode(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                out.add("");
            } else {
                out.add(fenced ? "" : line);
            }
        }
        return out;
    }

    static Set<String> anchorsOf(Path document) {
        try {
            return anchorsOf(Files.readAllLines(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors GitHub gives a document's headings: a repeated one gets -1, -2, ... */
    static Set<String> anchorsOf(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideCode(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }

    /** The comment on a line of Java, or null: a line inside a block comment, or what follows {@code //}. */
    static String commentOf(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("*") || stripped.startsWith("/*") || stripped.startsWith("//")) {
            return stripped;
        }
        int slashes = line.indexOf("// ");
        return slashes < 0 ? null : line.substring(slashes);
    }
}
