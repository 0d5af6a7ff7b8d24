package analytics.adapter.out.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import analytics.IntegratedDeliveries;
import analytics.domain.archive.ArchiveQueryResult;
import analytics.application.port.out.CollectArchiveRowsPort.StagedFile;
import analytics.application.port.out.RunArchiveQueryPort.QueryFailedException;
import analytics.application.port.out.RunArchiveQueryPort.QueryFailedException.Kind;
import analytics.domain.archive.ArchiveEntry;

/** The query engine's lock-down and limits, on a real DuckDB over a real archive directory. */
class DuckDbArchiveQueriesUnitTest {

    @TempDir
    Path root;

    DuckDbArchiveQueries queries;
    DuckDbArchive duckDb;
    Path outside;

    @BeforeEach
    void archiveWithTwentyRows() throws Exception {
        var properties = ArchiveTestProperties.in(root, 5, Duration.ofSeconds(1));
        duckDb = new DuckDbArchive(properties);
        LocalArchiveFiles files = new LocalArchiveFiles(properties);
        for (int i = 0; i < 20; i++) {
            duckDb.add(new ArchiveEntry(0, i, IntegratedDeliveries.created(UUID.randomUUID(),
                    Instant.parse("2026-11-26T10:00:00Z").plusSeconds(i))));
        }
        for (StagedFile file : duckDb.stage("delivery.integrated", 0)) {
            files.publish(file.file(), file.path());
        }
        duckDb.discard(0);
        outside = Files.writeString(root.resolve("outside.csv"), "secret\nvalue\n");
        queries = new DuckDbArchiveQueries(properties);
    }

    @AfterEach
    void close() throws Exception {
        queries.close();
        duckDb.close();
    }

    ArchiveQueryResult run(String sql, Object... parameters) {
        return queries.run(sql, new ArrayList<>(List.of(parameters)), 5, Duration.ofSeconds(1));
    }

    Kind refusal(String sql) {
        try {
            run(sql);
        } catch (QueryFailedException e) {
            return e.kind();
        }
        throw new AssertionError("ran: " + sql);
    }

    @Test
    void theArchiveIsTheViewDeliveries() {
        assertThat(run("SELECT count(*) AS n, count(DISTINCT source_offset) FROM deliveries").rows())
                .containsExactly(List.of(20L, 20L));
    }

    @Test
    void parametersAreBoundNotSpliced() {
        String injection = "x' OR '1'='1";
        assertThat(run("SELECT count(*) FROM deliveries WHERE delivery_id = ?", injection).rows())
                .containsExactly(List.of(0L));
        assertThat(run("SELECT count(*) FROM deliveries WHERE source_offset >= $1 AND status = $2", 15,
                "CREATED").rows()).containsExactly(List.of(5L));
    }

    @Test
    void rowsBeyondTheLimitAreNotReturnedAndTheAnswerSaysSo() {
        ArchiveQueryResult result = run("SELECT source_offset FROM deliveries ORDER BY 1");

        assertThat(result.rows()).hasSize(5);
        assertThat(result.truncated()).isTrue();
        assertThat(run("SELECT source_offset FROM deliveries WHERE source_offset < 5").truncated()).isFalse();
    }

    @Test
    void aStatementOverTheTimeLimitIsCancelled() {
        assertThatThrownBy(() -> run("SELECT count(*) FROM range(1000000000000) a"))
                .isInstanceOfSatisfying(QueryFailedException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.LIMIT_EXCEEDED));
        assertThat(run("SELECT 1").rows()).as("the engine is usable afterwards").containsExactly(List.of(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COPY (SELECT 1 AS x) TO '%ARCHIVE%/dt=2026-11-26/hr=10/planted.parquet' (FORMAT parquet)",
            "COPY deliveries TO '%ARCHIVE%/copy.csv'",
            "EXPORT DATABASE '%ARCHIVE%/export'",
            "ATTACH '%ARCHIVE%/x.duckdb' AS x",
            "ATTACH ':memory:' AS m",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET enable_external_access = true",
            "CREATE TABLE t AS SELECT 1",
            "DROP VIEW deliveries",
            "EXPLAIN ANALYZE COPY (SELECT 1) TO '%ARCHIVE%/x.parquet' (FORMAT parquet)",
            "SELECT 1; COPY (SELECT 1) TO '%ARCHIVE%/x.csv'",
            "PRAGMA version",
            "SELECT * FROM read_csv('%OUTSIDE%')",
            "SELECT * FROM read_text('/etc/hostname')",
            "SELECT * FROM glob('/etc/*')",
            "SELECT * FROM read_parquet('%ARCHIVE%/../work/archive-query.duckdb')",
            "SELECT * FROM query('COPY (SELECT 1) TO ''%ARCHIVE%/q.csv''')" })
    void statementsThatWriteOrReachOutsideTheArchiveAreRefusedByDuckDb(String template) throws Exception {
        String sql = template.replace("%ARCHIVE%", root.resolve("archive").toString())
                .replace("%OUTSIDE%", outside.toString());

        Kind kind = refusal(sql);

        assertThat(kind).as(sql).isIn(Kind.REFUSED, Kind.INVALID);
        try (var written = Files.walk(root.resolve("archive"))) {
            assertThat(written.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("nothing new in the archive after " + sql)
                    .allMatch(name -> name.startsWith("delivery.integrated+0+"));
        }
        assertThat(run("SELECT count(*) FROM deliveries").rows()).containsExactly(List.of(20L));
    }

    @Test
    void writesAndFilesOutsideAreRefusedNotMerelyInvalid() {
        assertThat(refusal("COPY (SELECT 1) TO '" + root.resolve("archive/x.csv") + "'")).isEqualTo(Kind.REFUSED);
        assertThat(refusal("ATTACH ':memory:' AS m")).isEqualTo(Kind.REFUSED);
        assertThat(refusal("INSTALL httpfs")).isEqualTo(Kind.REFUSED);
        assertThat(refusal("SELECT * FROM read_csv('" + outside + "')")).isEqualTo(Kind.REFUSED);
        assertThat(refusal("SELECT 1; SELECT 2")).isEqualTo(Kind.REFUSED);
    }

    @Test
    void badSqlIsInvalid() {
        assertThat(refusal("SELEC 1")).isEqualTo(Kind.INVALID);
        assertThat(refusal("SELECT no_such_column FROM deliveries")).isEqualTo(Kind.INVALID);
        assertThat(refusal("SELECT * FROM no_such_table")).isEqualTo(Kind.INVALID);
        assertThat(refusal("SELECT CAST('x' AS INTEGER)")).isEqualTo(Kind.INVALID);
        assertThat(refusal("")).isEqualTo(Kind.INVALID);
    }

    @Test
    void describeAndSummarizeAreReadsAndAllowed() {
        assertThat(queries.run("DESCRIBE deliveries", List.of(), 100, Duration.ofSeconds(5)).rows())
                .extracting(row -> row.getFirst()).contains("delivery_id", "pickup_wait_millis", "dt", "hr");
    }

    @Test
    void anArchiveWithoutFilesIsAnEmptyViewWithTheSameColumns(@TempDir Path empty) throws Exception {
        try (var none = new DuckDbArchiveQueries(ArchiveTestProperties.in(empty, 5, Duration.ofSeconds(5)))) {
            ArchiveQueryResult result = none.run("SELECT count(*), max(updated_at), min(dt) FROM deliveries",
                    List.of(), 5, Duration.ofSeconds(5));
            assertThat(result.rows().getFirst()).containsExactly(0L, null, null);
        }
    }
}
