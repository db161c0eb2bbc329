package io.canvass.query;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
