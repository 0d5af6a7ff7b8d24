package analytics.adapter.out.s3;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import analytics.application.ArchiveProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The S3 mirror of the archive, with {@code relay.analytics.archive.s3.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = { "relay.analytics.archive.enabled", "relay.analytics.archive.s3.enabled" })
class S3ArchiveConfiguration {

    @Bean(destroyMethod = "close")
    S3Client archiveS3Client(ArchiveProperties properties) {
        ArchiveProperties.S3 s3 = properties.s3();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .credentialsProvider(credentials(s3))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // the SDK's default "flexible checksums" (CRC32 trailers, since 2.30) are refused by S3-compatible
                // servers that predate them: S3Proxy 2.6 answers "x-amz-content-sha256 header does not match";
                // checksums only where an operation requires one work with AWS and with those servers alike
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ArchiveProperties.S3 s3) {
        String keyId = s3.accessKeyId();
        String secret = s3.secretAccessKey();
        if (keyId != null && !keyId.isBlank() && secret != null && !secret.isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Bean
    S3ArchiveMirror s3ArchiveMirror(S3Client archiveS3Client, ArchiveProperties properties) throws IOException {
        String bucket = properties.s3().bucket();
        if (bucket == null) {
            throw new IllegalStateException("relay.analytics.archive.s3.bucket is required");
        }
        return new S3ArchiveMirror(archiveS3Client, bucket, properties.s3().prefix(),
                properties.workDirectory().resolve("s3-downloads"));
    }
}
