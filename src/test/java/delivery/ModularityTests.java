package delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module structure as Spring Modulith sees it: exactly the four top-level packages, no dependency on another
 * module's internals, and the committed module documentation in {@code docs/modules} up to date.
 *
 * <p>To regenerate the documentation after a structural change:
 * {@code ./mvnw test -Dtest=ModularityTests -Drelay.docs.write=true}
 */
class ModularityTests {

    static final ApplicationModules modules = ApplicationModules.of(DeliveryRelayApplication.class);
    static final Path COMMITTED_DOCS = Path.of("docs", "modules");

    @Test
    void findsExactlyTheFourModules() {
        // asserted so that a detection mistake cannot make verify() pass vacuously over zero modules
        assertThat(modules.stream().map(ApplicationModule::getBasePackage).map(p -> p.getName()))
                .containsExactlyInAnyOrder("delivery", "routing", "analytics", "outbox");
    }

    @Test
    void modulesOnlyUseEachOthersPublishedTypes() {
        modules.verify();
    }

    @Test
    void committedModuleDocumentationIsCurrent() {
        boolean write = Boolean.getBoolean("relay.docs.write");
        String target = write ? COMMITTED_DOCS.toString() : "target/spring-modulith-docs";
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(target)).writeDocumentation();
        if (!write) {
            assertThat(contents(Path.of(target)))
                    .as("docs/modules is stale: regenerate with ./mvnw test -Dtest=ModularityTests -Drelay.docs.write=true")
                    .isEqualTo(contents(COMMITTED_DOCS));
        }
    }

    /**
     * Spring Modulith's Documenter writes a diagram's relations in an order that changes with class-path scanning
     * (it iterates a hash set): two runs over the same code can list {@code Rel(...)} lines differently. Their
     * order means nothing to PlantUML, so diagrams are compared as sorted lines.
     */
    private static String normalized(Path file, String content) {
        return file.toString().endsWith(".puml") ? content.lines().sorted().collect(Collectors.joining("\n"))
                : content;
    }

    private static Map<String, String> contents(Path folder) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.filter(Files::isRegularFile).forEach(file -> {
                try {
                    files.put(folder.relativize(file).toString(), normalized(file, Files.readString(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
