package analytics.adapter.in.web;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import analytics.application.port.in.ArchiveQuery;
import analytics.domain.archive.ArchiveQueryResult;
import analytics.application.port.in.EraseFromArchiveUseCase;
import analytics.application.port.in.EraseFromArchiveUseCase.ErasureReport;
import analytics.application.port.in.QueryArchiveUseCase;
import platform.web.ProblemResponse;

/**
 * The archive for analysts and operators: SQL over it (operators and viewers: read-only, limited) and erasure of
 * one delivery's rows (operators).
 */
@RestController
@RequestMapping("/admin/analytics/archive")
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveAdminController {

    private final QueryArchiveUseCase queries;
    private final EraseFromArchiveUseCase erasures;

    ArchiveAdminController(QueryArchiveUseCase queries, EraseFromArchiveUseCase erasures) {
        this.queries = queries;
        this.erasures = erasures;
    }

    /**
     * @param parameters bound to the statement's {@code ?} / {@code $n} in order
     * @param maxRows    fewer rows than the configured limit, if wanted
     */
    record QueryRequest(@Nullable String sql, @Nullable List<@Nullable Object> parameters,
            @Nullable Integer maxRows) {
    }

    record QueryResponse(List<ArchiveQueryResult.Column> columns, List<List<@Nullable Object>> rows, int rowCount,
            boolean truncated, int maxRows, long elapsedMillis) {
    }

    @ProblemResponse(status = 400, types = { "invalid-archive-query", "invalid-request" }, description = "Not valid SQL, or a bad limit or parameter")
    @ProblemResponse(status = 403, types = "archive-query-refused", description = "Not a read-only query of the archive (COPY, ATTACH, INSTALL, another file, several statements)")
    @ProblemResponse(status = 422, types = "archive-query-too-expensive", description = "Over the query's time limit")
    @PostMapping("/query")
    QueryResponse query(@RequestBody QueryRequest request) {
        String sql = request.sql();
        ArchiveQueryResult result = queries.query(new ArchiveQuery(sql == null ? "" : sql,
                request.parameters() == null ? List.of() : request.parameters(), request.maxRows()));
        return new QueryResponse(result.columns(), result.rows(), result.rows().size(), result.truncated(),
                result.maxRows(), result.elapsedMillis());
    }

    record ErasureRequest(@Nullable UUID deliveryId) {
    }

    @PostMapping("/erasures")
    ErasureReport erase(@RequestBody ErasureRequest request, Principal operator) {
        UUID deliveryId = request.deliveryId();
        if (deliveryId == null) {
            throw new InvalidArchiveRequestException("deliveryId is required");
        }
        return erasures.erase(deliveryId, operator.getName());
    }
}
