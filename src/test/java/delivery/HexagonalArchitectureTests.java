package delivery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * The inside of every module follows the same hexagon, with the same package names in every module:
 * <ul>
 * <li>the module root: its API for other modules (published types, named interfaces);</li>
 * <li>{@code domain}: plain Java, the business rules;</li>
 * <li>{@code application}: use-case services, reached only through {@code application.port.in};</li>
 * <li>{@code application.port.in}: inbound ports, named {@code <Verb><What>UseCase} for commands and
 * {@code <What>Query} for reads, with their commands and exceptions;</li>
 * <li>{@code application.port.out}: outbound ports, named {@code <Verb><What>Port} after the one thing the
 * application asks of the outside ({@code LoadDeliveryPort}, {@code PublishRecordsPort},
 * {@code AnnounceShardOwnershipPort});</li>
 * <li>{@code adapter.in.<technology>}: whatever drives the application — web controllers, event and message
 * listeners, scheduled triggers, the binlog reader;</li>
 * <li>{@code adapter.out.<technology>}: implementations of outbound ports (the generated jOOQ schema classes live
 * below {@code adapter.out.persistence}).</li>
 * </ul>
 * Spring Modulith checks the boundaries between modules ({@link ModularityTests}); these rules check the layers
 * within them. One exception is allowed by the rules as written: an outbound adapter may use the message type its
 * inbound counterpart receives (routing's bus notifier sends the event {@code adapter.in.bus} accepts).
 */
class HexagonalArchitectureTests {

    static final List<String> MODULES = List.of("delivery", "routing", "analytics", "outbox");
    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODULES.toArray(String[]::new));

    /** Every class of a module in one of the hexagon's packages, nowhere else. */
    static ArchRule onlyTheHexagonsPackages(String module) {
        return classes().that().resideInAPackage(module + "..")
                .should().resideInAnyPackage(module, module + ".domain..", module + ".application",
                        module + ".application.port.in", module + ".application.port.out", module + ".adapter.in.*..",
                        module + ".adapter.out.*..")
                .because("every module has the same layers: domain, application (port.in, port.out), adapter.in.*, "
                        + "adapter.out.*");
    }

    @Test
    void everyClassOfEveryModuleSitsInOneOfTheHexagonsPackages() {
        for (String module : MODULES) {
            // not allowEmptyShould: a module without classes would mean the import found nothing to check
            onlyTheHexagonsPackages(module).check(classes);
        }
    }

    @Test
    void theHexagonRuleRefusesAStrayPackage() {
        JavaClasses fixture = new ClassFileImporter().importPackages("hexagonfixture");

        EvaluationResult result = onlyTheHexagonsPackages("hexagonfixture").evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).hasSize(1)
                .allSatisfy(detail -> assertThat(detail).contains("hexagonfixture.adapter.bus.StrayBusAdapter"));
    }

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
    void outboundPortsNeverCallBackIntoInboundOnes() {
        noClasses().that().resideInAPackage("..application.port.out..")
                .should().dependOnClassesThat().resideInAPackage("..application.port.in..")
                .because("whatever drives the application is an inbound adapter, not a callback handed to a port")
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
    void inboundPortsAreUseCasesOrQueries() {
        // annotations are interfaces to ArchUnit; a constraint annotation of a command (StorableTime) is no port
        classes().that().resideInAPackage("..application.port.in").and().areInterfaces()
                .and().areNotAnnotations().and().areTopLevelClasses()
                .should().haveSimpleNameEndingWith("UseCase").orShould().haveSimpleNameEndingWith("Query")
                .check(classes);
    }

    @Test
    void outboundPortsAreNamedForWhatTheyDo() {
        classes().that().resideInAPackage("..application.port.out").and().areInterfaces()
                .and().areTopLevelClasses()
                .should().haveSimpleNameEndingWith("Port")
                .check(classes);
    }

    @Test
    void triggersAndListenersAreInboundAdapters() {
        Stream.of(Scheduled.class, EventListener.class, ApplicationModuleListener.class, KafkaListener.class)
                .forEach(trigger -> methods().that().areAnnotatedWith(trigger)
                        .should().beDeclaredInClassesThat().resideInAPackage("..adapter.in..")
                        .because("a scheduled trigger, an event listener and a message listener drive the application")
                        .allowEmptyShould(true)
                        .check(classes));
        classes().that().implement(SchedulingConfigurer.class)
                .should().resideInAPackage("..adapter.in.scheduling..")
                .check(classes);
    }

    @Test
    void sqlStaysInPersistenceAdapters() {
        // The modules and the platform below them: platform.persistence holds the one helper the adapters share.
        JavaClasses modulesAndPlatform = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(Stream.concat(MODULES.stream(), Stream.of("platform")).toArray(String[]::new));
        noClasses().that().resideOutsideOfPackages("..adapter.out.persistence..", "platform.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "org.springframework.jdbc.core..")
                .check(modulesAndPlatform);
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
