package platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as its own process, as an operator runs it. */
public final class JarProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("relay.test.jar", "target/delivery-relay-0.1.0-SNAPSHOT.jar"));

    private final Process process;
    private final Path log;
    private final int httpPort;

    private JarProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts the jar with {@code --key=value} arguments; its output goes to {@code log}. */
    public static JarProcess start(Path log, int httpPort, List<String> arguments) throws IOException {
        return start(log, httpPort, arguments, java.util.Map.of(), null);
    }

    /**
     * Starts the jar as an operator does on a host of its own: with environment variables and in a working
     * directory (where it reads {@code config/application.properties}); its output is appended to {@code log}.
     */
    public static JarProcess start(Path log, int httpPort, List<String> arguments,
            java.util.Map<String, String> environment, @org.jspecify.annotations.Nullable Path workingDirectory)
            throws IOException {
        return start(log, httpPort, arguments, environment, workingDirectory, List.of("-Xmx512m"));
    }

    /** The same with the JVM's own options instead of the tests' 512 MB heap (the benchmark runs the JVM's defaults). */
    public static JarProcess start(Path log, int httpPort, List<String> arguments,
            java.util.Map<String, String> environment, @org.jspecify.annotations.Nullable Path workingDirectory,
            List<String> jvmOptions) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Path tmp = Files.createDirectories(Path.of("target", "tmp").toAbsolutePath());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + httpPort));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(Files.createDirectories(workingDirectory).toFile());
        }
        return new JarProcess(builder.start(), log, httpPort);
    }

    public HttpApi awaitReady(Duration atMost) {
        HttpApi api = new HttpApi(httpPort);
        // anonymous: health is open, and credentials the jar does not know would be refused even there
        HttpApi probe = api.anonymous();
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("jar exited early, see " + log).isTrue();
            try {
                return probe.get("/actuator/health/readiness").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return api;
    }

    public HttpApi api() {
        return new HttpApi(httpPort);
    }

    public Process process() {
        return process;
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /**
     * What a failed wait should show from this instance's log when CI prints only the assertion: the lines that
     * match {@code pattern} (the last {@code limit} of them), so the cause is in the test report and not only in a
     * log file CI does not keep.
     */
    public String linesMatching(java.util.regex.Pattern pattern, int limit) {
        try {
            // decoded leniently: one byte that is not UTF-8 must not cost the whole diagnosis
            List<String> matching = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> pattern.matcher(l).find()).toList();
            List<String> last = matching.subList(Math.max(0, matching.size() - limit), matching.size());
            return log.getFileName() + " (" + matching.size() + " matching, last " + last.size() + "):\n  "
                    + String.join("\n  ", last);
        } catch (IOException e) {
            return log + ": unreadable (" + e + ")";
        }
    }

    /** SIGTERM: a graceful stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    }

    /** SIGKILL: a crash, nothing gets to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
