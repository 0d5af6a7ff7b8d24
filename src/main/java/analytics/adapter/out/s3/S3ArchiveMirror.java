package analytics.adapter.out.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import analytics.application.port.out.MirrorArchivePort;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive's files in an S3 bucket under {@code <prefix>/}, with the same relative names as on the local disk:
 * {@code <prefix>/dt=2026-11-26/hr=04/delivery.integrated+3+0000000000000001234.parquet}, the layout Athena, Trino
 * or DuckDB's httpfs read as a hive-partitioned table. A PutObject is atomic and complete when it returns, so a
 * file is never visible in part, and the writer commits offsets only after it returned.
 */
class S3ArchiveMirror implements MirrorArchivePort {

    private final S3Client s3;
    private final String bucket;
    /** empty, or ending with '/' */
    private final String prefix;
    private final Path downloads;

    S3ArchiveMirror(S3Client s3, String bucket, String prefix, Path downloads) throws IOException {
        this.s3 = s3;
        this.downloads = Files.createDirectories(downloads);
        this.bucket = bucket;
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
    }

    String key(ArchiveFile file) {
        return prefix + file.path();
    }

    @Override
    public void upload(ArchiveFile file, Path localFile) {
        s3.putObject(request -> request.bucket(bucket).key(key(file)).contentType("application/vnd.apache.parquet"),
                RequestBody.fromFile(localFile));
    }

    @Override
    public List<ArchiveFile> files(String topic, int partition) {
        List<ArchiveFile> files = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix + "dt="))
                .contents()) {
            ArchiveFile.parse(object.key().substring(prefix.length()))
                    .filter(file -> file.isOf(topic, partition))
                    .ifPresent(files::add);
        }
        return files;
    }

    @Override
    public void delete(ArchiveFile file) {
        s3.deleteObject(request -> request.bucket(bucket).key(key(file)));
    }

    @Override
    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (CommonPrefix common : s3.listObjectsV2Paginator(request -> request.bucket(bucket)
                .prefix(prefix + "dt=").delimiter("/")).commonPrefixes()) {
            String name = common.prefix().substring(prefix.length());
            try {
                dates.add(LocalDate.parse(name.substring("dt=".length(), name.length() - 1)));
            } catch (DateTimeParseException | IndexOutOfBoundsException notOurs) {
                // not a partition this writer made
            }
        }
        dates.sort(null);
        return dates;
    }

    /**
     * One DeleteObject per file rather than DeleteObjects: the batch call must carry a checksum, which
     * S3-compatible servers that predate the SDK's flexible checksums refuse (S3Proxy: "not implemented"). A day
     * has a few hundred files at most, and retention deletes one day at a time.
     */
    @Override
    public void deleteDate(LocalDate date) {
        String datePrefix = prefix + ArchiveHour.datePrefix(date) + "/";
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(datePrefix))
                .contents()) {
            s3.deleteObject(request -> request.bucket(bucket).key(object.key()));
        }
    }

    @Override
    public <T> T readDownloaded(List<ArchiveFile> files, Function<List<Path>, T> read) {
        List<Path> downloaded = new ArrayList<>();
        try {
            for (ArchiveFile file : files) {
                Path target = downloads.resolve(file.name());
                Files.deleteIfExists(target);
                s3.getObject(request -> request.bucket(bucket).key(key(file)), ResponseTransformer.toFile(target));
                downloaded.add(target);
            }
            return read.apply(downloaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Path path : downloaded) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a leftover in the work directory's downloads, overwritten next time
                }
            }
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }
}
