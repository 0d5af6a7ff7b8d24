package faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class StatusCountsUnitTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void findsCountsAtTheTopNestedOrAsAList() {
        assertThat(StatusCounts.counts(JSON.readTree("{\"CREATED\": 3, \"DELIVERED\": 10, \"asOf\": \"2026-01-01T00:00:00Z\"}")))
                .isEqualTo(Map.of("CREATED", 3L, "DELIVERED", 10L));
        assertThat(StatusCounts.counts(JSON.readTree("{\"asOf\": 1, \"counts\": {\"PICKED_UP\": 2}}")))
                .isEqualTo(Map.of("PICKED_UP", 2L));
        assertThat(StatusCounts.counts(JSON.readTree(
                "[{\"status\": \"CANCELLED\", \"count\": 4}, {\"status\": \"CREATED\", \"count\": 1}]")))
                .isEqualTo(Map.of("CANCELLED", 4L, "CREATED", 1L));
    }

    @Test
    void anAnswerWithoutPerStatusCountsHasNone() {
        assertThat(StatusCounts.counts(JSON.readTree("{\"status\": \"UP\", \"total\": 7}"))).isNull();
        assertThat(StatusCounts.counts(JSON.readTree("{\"CREATED\": \"three\"}"))).isNull();
        assertThat(StatusCounts.counts(JSON.readTree("[]"))).isNull();
    }

    @Test
    void anEndpointMustAnswerCountsThatAgree() {
        Map<String, Long> db = Map.of("CREATED", 1L);
        assertThat(new StatusCounts.Comparison(true, true, db, db, "").holds()).isTrue();
        assertThat(new StatusCounts.Comparison(true, true, Map.of("CREATED", 2L), db, "").holds()).isFalse();
        assertThat(new StatusCounts.Comparison(false, false, Map.of(), Map.of(), "404").holds()).isFalse();
        // never answered with counts (503 while restoring, 500, no connection): nothing compared, not a pass
        assertThat(new StatusCounts.Comparison(true, false, Map.of(), Map.of(), "503").holds()).isFalse();
    }
}
