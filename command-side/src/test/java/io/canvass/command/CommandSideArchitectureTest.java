package io.canvass.command;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The command side decides; it never sees the query side, and its rules never read the clock. */
class CommandSideArchitectureTest {

    private final JavaClasses commandSide = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.canvass.command");

    @Test
    void the_command_side_never_sees_the_query_side() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.canvass.query..").check(commandSide);
    }

    @Test
    void aggregates_never_read_the_clock() {
        noClasses().that().resideInAnyPackage("..contract..", "..prospect..", "..territory..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(commandSide);
    }

    @Test
    void no_floating_point_anywhere() {
        fields().should().notHaveRawType(double.class).andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class).andShould().notHaveRawType(Float.class)
                .check(commandSide);
    }

    /** Platform code serves the features (contract, prospect, territory) and names none of them. */
    @Test
    void platform_code_depends_on_no_feature() {
        noClasses().that().resideInAPackage("io.canvass.command.platform..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.canvass.command..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.canvass.command.platform.."))))
                .check(commandSide);
    }

    @Test
    void feature_slices_are_free_of_cycles() {
        slices().matching("io.canvass.command.(*)..").should().beFreeOfCycles().check(commandSide);
    }

    @Test
    void the_command_side_never_depends_on_the_deploy_tools() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.canvass.deploy..").check(commandSide);
    }
}
