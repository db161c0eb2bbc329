package io.canvass.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The platform both apps run on knows the events' language and nothing of either app. */
class SharedPlatformArchitectureTest {

    private final JavaClasses platform = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.canvass.platform");

    @Test
    void the_platform_depends_on_neither_app_nor_the_deploy_tools() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.canvass.command..", "io.canvass.query..", "io.canvass.deploy..")
                .check(platform);
    }

    @Test
    void its_parts_are_free_of_cycles() {
        slices().matching("io.canvass.platform.(*)..").should().beFreeOfCycles().check(platform);
    }

    @Test
    void no_floating_point_anywhere() {
        fields().should().notHaveRawType(double.class).andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class).andShould().notHaveRawType(Float.class)
                .check(platform);
    }
}
