package platform.modulith;

import java.util.stream.Stream;

import org.springframework.modulith.core.ApplicationModuleDetectionStrategy;
import org.springframework.modulith.core.JavaPackage;

/**
 * Treats every root package handed to Modulith ({@code delivery} and the {@code additionalPackages} of
 * {@code @Modulithic}) as one application module. The built-in strategies assume modules are sub-packages of the
 * main class's package; ours are top-level packages side by side, so they would either find none of them or turn
 * each module's {@code domain}/{@code adapter} sub-packages into modules of their own.
 */
public class TopLevelPackagesDetectionStrategy implements ApplicationModuleDetectionStrategy {

    @Override
    public Stream<JavaPackage> getModuleBasePackages(JavaPackage basePackage) {
        return Stream.of(basePackage);
    }
}
