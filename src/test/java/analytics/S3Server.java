package analytics;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy 2.6.0 (its jar-with-dependencies, copied to
 * {@code target/s3proxy} by the build) in a JVM of its own, storing objects in a directory under {@code target/}.
 * Its own process because it brings Jetty and Jackson 2, which must not meet the application's classpath.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "archive-test-key";
    public static final String SECRET_KEY = "archive-test-secret";
    static final Path JAR = Path.of(System.getProperty("relay.test.s3proxy.jar", "target/s3proxy/s3proxy.jar"));

    private final Process process;
    private final URI endpoint;

    private S3Server(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static S3Server start(Path root) throws IOException {
        Files.createDirectories(root.resolve("objects"));
        int port = platform.embedded.LocalPorts.free();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path config = Files.writeString(root.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + root.resolve("objects").toAbsolutePath()) + "\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
                "--properties", config.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(root.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(process, endpoint);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(server::answers);
        return server;
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("S3Proxy exited with " + process.exitValue());
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(500);
            return connection.getResponseCode() > 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // S3Proxy refuses the SDK's default flexible checksums (see S3ArchiveConfiguration)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
