package io.canvass.query;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The query side answers; it never sees the command side, and never writes the event store. */
class QuerySideArchitectureTest {

    private final JavaClasses querySide = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.canvass.query");

    @Test
    void the_query_side_never_sees_the_command_side() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.canvass.command..").check(querySide);
    }

    @Test
    void nothing_on_the_query_side_publishes_events_or_sends_commands() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.axonframework.commandhandling.gateway.CommandGateway")
                .orShould().callMethod(org.axonframework.eventhandling.EventBus.class, "publish", java.util.List.class)
                .check(querySide);
    }

    @Test
    void no_floating_point_anywhere() {
        fields().should().notHaveRawType(double.class).andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class).andShould().notHaveRawType(Float.class)
                .check(querySide);
    }

    /** Platform code serves the features (ledger, coverage, quota, profit, reconciliation, audit, admin) and names none of them. */
    @Test
    void platform_code_depends_on_no_feature() {
        noClasses().that().resideInAPackage("io.canvass.query.platform..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.canvass.query..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.canvass.query.platform.."))))
                .check(querySide);
    }

    private static final String ENGINE = "io.canvass.query.engine";

    /** What a read model implements and asks (docs/read-model-engine.md): the engine's published API for features. */
    private static final List<String> READ_MODEL_API = List.of("ReadModel", "ReadModelWrites", "Batch", "Projector$Delivery",
            "Reads", "Reach", "Freshness");

    /** What operating the read models needs (the admin endpoints) beyond the read-model API. */
    private static final List<String> OPERATIONS_API = List.of("ReadModelRebuild", "DeadLetters", "DeadLetterRetry");

    /** Public because Spring binds them and the configuration table names them, not for features to call. */
    private static final List<String> SETTINGS = List.of("ProjectionSettings", "RebuildSettings");

    /** An engine class that is one of {@code names}, or nested in one. */
    private static DescribedPredicate<JavaClass> engineTypes(String description, List<String> names) {
        return DescribedPredicate.describe(description, type -> names.stream().map(name -> ENGINE + "." + name)
                .anyMatch(name -> type.getName().equals(name) || type.getName().startsWith(name + "$")));
    }

    /** The engine runs every read model through {@code ReadModel} and knows none of them, nor the web that asks them. */
    @Test
    void the_engine_names_no_read_model_and_no_feature() {
        noClasses().that().resideInAPackage(ENGINE + "..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.canvass.query..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(ENGINE + "..",
                                "io.canvass.query.platform.."))))
                .check(querySide);
    }

    /** A read model, a controller or a figure uses the engine only through the read-model API, nothing else in it. */
    @Test
    void features_use_only_the_engines_read_model_api() {
        noClasses().that().resideInAPackage("io.canvass.query..")
                .and().resideOutsideOfPackages(ENGINE + "..", "io.canvass.query.admin..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ENGINE + "..")
                        .and(DescribedPredicate.not(engineTypes("the read-model API", READ_MODEL_API))))
                .check(querySide);
    }

    /** The admin endpoints operate the engine (rebuild, dead letters) through its operations API and no deeper. */
    @Test
    void admin_operates_the_engine_only_through_its_operations_api() {
        noClasses().that().resideInAPackage("io.canvass.query.admin..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ENGINE + "..")
                        .and(DescribedPredicate.not(engineTypes("the read-model and operations API",
                                java.util.stream.Stream.of(READ_MODEL_API, OPERATIONS_API).flatMap(List::stream).toList()))))
                .check(querySide);
    }

    /** Publishing another engine type is a deliberate change of this list: the rest stays package-private. */
    @Test
    void the_engine_publishes_only_its_api() {
        List<String> published = java.util.stream.Stream.of(READ_MODEL_API, OPERATIONS_API, SETTINGS, List.of("Projector"))
                .flatMap(List::stream).filter(name -> !name.contains("$")).toList();
        classes().that().resideInAPackage(ENGINE).and().areTopLevelClasses().and().arePublic()
                .should(com.tngtech.archunit.lang.conditions.ArchConditions.be(engineTypes("published", published)))
                .check(querySide);
    }

    @Test
    void feature_slices_are_free_of_cycles() {
        slices().matching("io.canvass.query.(*)..").should().beFreeOfCycles().check(querySide);
    }

    @Test
    void the_query_side_never_depends_on_the_deploy_tools() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.canvass.deploy..").check(querySide);
    }
}
