package io.canvass.deploy;

import io.canvass.command.audit.AuditSigning;
import io.canvass.command.platform.EmbeddedPostgresConfiguration;
import io.canvass.command.settlement.StatementLimits;
import io.canvass.platform.Branch;
import io.canvass.platform.security.LoginThrottle;
import io.canvass.platform.security.SecurityConfiguration;
import io.canvass.platform.web.HttpLimits;
import io.canvass.platform.web.OpenApiDocs;
import io.canvass.platform.web.TimeWindow;
import io.canvass.query.audit.ChainVerifier;
import io.canvass.query.platform.CanvassSettings;
import io.canvass.query.platform.EmbeddedMongoConfiguration;
import io.canvass.query.engine.ProjectionSettings;
import io.canvass.query.engine.RebuildSettings;
import io.canvass.query.web.WebPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code canvass.*} setting is a component of a typed {@code @ConfigurationProperties} record
 * (or a placeholder or condition the code names), and docs/configuration.md lists exactly those: a
 * setting added without its row, or a row left behind by a setting removed, fails here. A bad value
 * stops the start, and the failure names the setting.
 */
class ConfigurationTableTest {

    static final Path TABLE = RepositoryDocsTest.ROOT.resolve("docs/configuration.md");

    private static final Pattern DOCUMENTED = Pattern.compile("^\\|\\s*`(canvass\\.[^`]+)`\\s*\\|");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(canvass\\.[a-z0-9.-]+)");
    private static final Pattern CONDITION = Pattern.compile(
            "@ConditionalOnProperty\\((?:name\\s*=\\s*)?\"(canvass\\.[a-z0-9.-]+)\"");

    @Test
    void the_table_lists_every_setting_the_code_reads_and_nothing_else() throws IOException {
        Set<String> inCode = settingsInCode();
        Set<String> documented = documented();
        assertThat(inCode).as("settings found in the code").hasSizeGreaterThan(40)
                .contains("canvass.zone", "canvass.flags.sync-grace", "canvass.security.users[n].role",
                        "canvass.plans.*", "canvass.projections.notifications", "canvass.event-store.reader-login");
        Set<String> undocumented = new TreeSet<>(inCode);
        undocumented.removeAll(documented);
        Set<String> readByNothing = new TreeSet<>(documented);
        readByNothing.removeAll(inCode);
        assertThat(undocumented).as("settings read by the code and missing from docs/configuration.md").isEmpty();
        assertThat(readByNothing).as("rows of docs/configuration.md that no code reads").isEmpty();
    }

    /** The components of every Canvass record bound to properties, with what the code names by its key. */
    static Set<String> settingsInCode() throws IOException {
        Set<String> settings = new TreeSet<>();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        int records = 0;
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.canvass")) {
            Class<?> type;
            try {
                type = Class.forName(candidate.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ConfigurationProperties bound = type.getAnnotation(ConfigurationProperties.class);
            String prefix = bound.prefix().isEmpty() ? bound.value() : bound.prefix();
            assertThat(type.isRecord()).as(type + " is a record").isTrue();
            flatten(prefix, type, settings);
            records++;
        }
        assertThat(records).as("typed settings records found").isGreaterThan(10);
        for (String module : List.of("shared-platform", "command-side", "query-side")) {
            try (Stream<Path> files = Files.walk(RepositoryDocsTest.ROOT.resolve(module).resolve("src/main"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    for (Pattern named : List.of(PLACEHOLDER, CONDITION)) {
                        Matcher matcher = named.matcher(text);
                        while (matcher.find()) {
                            settings.add(matcher.group(1));
                        }
                    }
                }
            }
        }
        return settings;
    }

    static void flatten(String prefix, Class<?> record, Set<String> settings) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> type = component.getType();
            if (Map.class.isAssignableFrom(type)) {
                settings.add(name + ".*");
            } else if (List.class.isAssignableFrom(type)) {
                Class<?> element = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                if (ours(element)) {
                    flatten(name + "[n]", element, settings);
                } else {
                    settings.add(name);
                }
            } else if (ours(type)) {
                flatten(name, type, settings);
            } else {
                settings.add(name);
            }
        }
    }

    private static boolean ours(Class<?> type) {
        return type.isRecord() && type.getName().startsWith("io.canvass.");
    }

    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    static Set<String> documented() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(TABLE)) {
            Matcher row = DOCUMENTED.matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }
        return documented;
    }

    @Test
    void the_defaults_hold_when_nothing_is_set() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Branch.class).zone().getId()).isEqualTo("Asia/Shanghai");
            assertThat(context.getBean(CanvassSettings.class).zone()).isEqualTo(context.getBean(Branch.class).zone());
            assertThat(context.getBean(Branch.class).flags().balanceOverdueDays()).isEqualTo(30);
            assertThat(context.getBean(CanvassSettings.class).flags().depositIdleDays()).isEqualTo(30);
            assertThat(context.getBean(Branch.class).flags().syncGrace()).isEqualTo(Duration.ofMinutes(5));
            assertThat(context.getBean(HttpLimits.class).maxBodyBytes()).isEqualTo(65_536L);
            assertThat(context.getBean(RebuildSettings.class).heapLimitPercent()).isEqualTo(90);
            assertThat(context.getBean(ProjectionSettings.class).pollInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(context.getBean(ChainVerifier.Settings.class).verifyCron()).isEqualTo("0 30 2 * * *");
            assertThat(context.getBean(AuditSigning.Settings.class).seal().batch()).isEqualTo(5000);
            assertThat(context.getBean(WebPage.Settings.class).locale()).isEqualTo("zh-CN");
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "canvass.http.max-body-bytes      | -1           | max-body-bytes",
            "canvass.http.max-batch-bytes     | 0            | max-batch-bytes",
            "canvass.zone                     | Mars/Olympus | canvass.zone",
            "canvass.flags.balance-overdue-days | 0          | balance-overdue-days",
            "canvass.flags.sync-grace         | -PT1M        | canvass.flags.sync-grace",
            "canvass.quota.target             | 0            | target",
            "canvass.profit.per-unit          | 460.005      | per-unit",
            "canvass.freshness-wait           | -PT1S        | canvass.freshness-wait",
            "canvass.rebuild.heap-limit-percent | 150        | heap-limit-percent",
            "canvass.rebuild.chunk-events     | 0            | chunk-events",
            "canvass.projections.poll-interval | 0s          | canvass.projections.poll-interval",
            "canvass.audit.verify-cron        | every day    | canvass.audit.verify-cron",
            "canvass.audit.digest.every-events | 0           | every-events",
            "canvass.audit.seal.retry         | 0s           | canvass.audit.seal.retry",
            "canvass.locale                   | fr           | locale",
            "canvass.field-time.max-ahead     | soon         | canvass.field-time.max-ahead",
    })
    void a_bad_value_stops_the_start_naming_the_setting(String setting, String value, String named) {
        runner().withPropertyValues(setting + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(failureText(context.getStartupFailure())).contains(prefixOf(setting)).contains(named);
        });
    }

    /** The bound record's prefix, which every binding failure names, with the setting or its field. */
    private static String prefixOf(String setting) {
        return setting.substring(0, setting.lastIndexOf('.'));
    }

    private static String failureText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append('\n');
        }
        return text.toString().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(EverySetting.class)
                .withPropertyValues("canvass.api.title=Canvass", "canvass.api.description=settings under test");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({Branch.class, HttpLimits.class, TimeWindow.class, LoginThrottle.Limits.class,
            SecurityConfiguration.Users.class, OpenApiDocs.Settings.class, EmbeddedPostgresConfiguration.Settings.class,
            AuditSigning.Settings.class, CanvassSettings.class, ProjectionSettings.class, RebuildSettings.class,
            WebPage.Settings.class, ChainVerifier.Settings.class, EmbeddedMongoConfiguration.Settings.class,
            StatementLimits.class})
    static class EverySetting {
    }
}
