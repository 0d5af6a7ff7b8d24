package analytics.adapter.in.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import analytics.application.ArchiveProperties;
import analytics.application.port.in.ArchiveQuery;
import analytics.application.port.in.ArchiveQueryException;
import analytics.domain.archive.ArchiveQueryResult;
import analytics.application.port.in.QueryArchiveUseCase;

/**
 * {@code scripts/archive-query "SQL" [parameter ...]}: the archive query of the admin endpoint from a shell, on the
 * archive of the embedded run (or any {@code --relay.analytics.archive.directory}), whether the service runs or
 * not: DuckDB opens the query database read-only, which any number of processes may do at once. Prints a header
 * line and one tab-separated line per row, {@code NULL} for nulls, like the MariaDB client's batch mode.
 *
 * <p>Starts a Spring context holding only the query use case and its DuckDB adapter, so the same configuration
 * ({@code application.properties}, {@code --relay...} options) and the same lock-down apply as in the service.
 */
public final class ArchiveQueryCommand {

    private ArchiveQueryCommand() {
    }

    /** Binds {@code relay.analytics.archive.*}; no stereotype, so the service's component scan never picks it up. */
    @EnableConfigurationProperties(ArchiveProperties.class)
    static final class Properties {
    }

    public static void main(String[] args) {
        List<String> options = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("--") ? options : positional).add(arg);
        }
        if (positional.isEmpty()) {
            System.err.println("usage: scripts/archive-query \"SELECT ... FROM deliveries ...\" [parameter ...]");
            System.exit(2);
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder()
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN");
        builder.application().setSources(Set.of(Properties.class.getName(),
                "analytics.application.ArchiveQuerying", "analytics.adapter.out.parquet.DuckDbArchiveQueries"));
        int status;
        try (ConfigurableApplicationContext context = builder.run(options.toArray(String[]::new))) {
            List<@Nullable Object> parameters = new ArrayList<>(positional.subList(1, positional.size()));
            ArchiveQueryResult result = context.getBean(QueryArchiveUseCase.class)
                    .query(new ArchiveQuery(positional.getFirst(), parameters, null));
            print(result, System.out);
            System.err.println("(" + result.rows().size() + " row(s)" + (result.truncated()
                    ? ", more not shown: relay.analytics.archive.query.max-rows=" + result.maxRows() : "") + ")");
            status = 0;
        } catch (ArchiveQueryException e) {
            System.err.println(e.reason().name().toLowerCase().replace('_', ' ') + ": " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    static void print(ArchiveQueryResult result, PrintStream out) {
        out.println(String.join("\t", result.columns().stream().map(ArchiveQueryResult.Column::name).toList()));
        for (List<@Nullable Object> row : result.rows()) {
            out.println(String.join("\t", row.stream().map(value -> value == null ? "NULL" : value.toString())
                    .toList()));
        }
    }
}
