package platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the integration tests saw over HTTP: one line per exchange, {@code METHOD raw-path status}, appended to
 * {@code target/http-observations/<pid>.txt}. Failsafe runs every integration test class in a JVM of its own, so
 * each JVM writes its own file and {@code OpenApiCoverageCheck} reads them all after the last one has finished
 * (the {@code verify} phase). The directory is emptied before the integration tests start
 * ({@code pre-integration-test}), so stale observations never count.
 */
public final class HttpObservations {

    public static final Path DIRECTORY = Path.of("target", "http-observations");
    private static final Path FILE = DIRECTORY.resolve(ProcessHandle.current().pid() + ".txt");

    private HttpObservations() {
    }

    public static synchronized void record(String method, URI uri, int status) {
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(FILE, method + " " + path + " " + status + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
