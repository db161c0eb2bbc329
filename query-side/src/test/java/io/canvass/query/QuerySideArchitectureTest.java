package io.canvass.query;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

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

    @Test
    void feature_slices_are_free_of_cycles() {
        slices().matching("io.canvass.query.(*)..").should().beFreeOfCycles().check(querySide);
    }

    @Test
    void the_query_side_never_depends_on_the_deploy_tools() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.canvass.deploy..").check(querySide);
    }
}
