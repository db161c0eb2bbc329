package io.canvass.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

/** shared-events is the language both sides speak: plain Java, depending on nothing of ours or a framework's. */
class SharedEventsArchitectureTest {

    private final JavaClasses events = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.canvass.events");

    @Test
    void shared_events_depend_only_on_the_jdk_and_themselves() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.canvass.events..", "java..")
                .check(events);
    }

    @Test
    void no_floating_point_anywhere_in_the_events() {
        fields().should().notHaveRawType(double.class).andShould().notHaveRawType(float.class)
                .andShould().notHaveRawType(Double.class).andShould().notHaveRawType(Float.class)
                .check(events);
    }

    @Test
    void every_event_is_a_record_with_a_stored_name_and_revision() {
        classes().that().implement(io.canvass.events.contract.ContractEvent.class)
                .or().implement(io.canvass.events.prospect.ProspectEvent.class)
                .or().implement(io.canvass.events.territory.DistrictEvent.class)
                .should().beAnnotatedWith(EventType.class)
                .andShould().beAssignableTo(Record.class)
                .check(events);
    }
}
