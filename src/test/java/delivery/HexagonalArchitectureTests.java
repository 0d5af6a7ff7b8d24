package delivery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The inside of every module follows the same hexagon: {@code domain} (plain Java), {@code application} (use cases
 * and ports), {@code adapter.in..} and {@code adapter.out..}. Spring Modulith checks the boundaries between modules;
 * these rules check the layers within them.
 */
class HexagonalArchitectureTests {

    static final List<String> MODULES = List.of("delivery", "routing", "analytics", "outbox");
    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODULES.toArray(String[]::new));

    @Test
    void theDomainIsPlainJava() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.jooq..",
                        "org.apache.kafka..", "tools.jackson..", "com.fasterxml.jackson..", "jakarta.persistence..",
                        "io.debezium..")
                .because("business rules must be testable and readable without any framework")
                .check(classes);
    }

    @Test
    void theDomainKnowsNoApplicationOrAdapter() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..application..", "..adapter..")
                .check(classes);
    }

    @Test
    void theApplicationKnowsOnlyPortsNotAdapters() {
        noClasses().that().resideInAPackage("..application..")
                .should().dependOnClassesThat().resideInAPackage("..adapter..")
                .because("adapters depend on ports, never the reverse")
                .check(classes);
    }

    @Test
    void inboundAdaptersDriveTheApplicationOnlyThroughInboundPorts() {
        noClasses().that().resideInAPackage("..adapter.in..")
                .should().dependOnClassesThat().resideInAnyPackage("..application.port.out..", "..adapter.out..")
                .check(classes);
    }

    @Test
    void applicationServicesAreReachedOnlyThroughTheirPorts() {
        classes().that().resideInAPackage("..application")
                .and().areAnnotatedWith(org.springframework.stereotype.Service.class)
                .should().notBePublic()
                .because("callers use the use-case interfaces in application.port.in")
                .check(classes);
    }

    @Test
    void sqlStaysInPersistenceAdapters() {
        noClasses().that().resideOutsideOfPackage("..adapter.out.persistence..")
                .should().dependOnClassesThat().resideInAPackage("org.jooq..")
                .check(classes);
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        for (String module : MODULES) {
            noClasses().that().resideOutsideOfPackage(module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(module + ".domain..", module + ".application..",
                            module + ".adapter..")
                    .because("modules talk through the types at a module's root (its API) or through Kafka")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }
}
