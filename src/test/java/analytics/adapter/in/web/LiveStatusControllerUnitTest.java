package analytics.adapter.in.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.client.RestClient;

import analytics.domain.LiveDeliveryLookup;
import analytics.application.port.in.LiveStatusQuery;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.domain.AlarmSnapshot;

/** While the stores restore (or Streams is down), reads answer 503 with Retry-After as a problem detail. */
class LiveStatusControllerUnitTest {

    static final class Restoring implements LiveStatusQuery {
        @Override
        public StatusCounts statusCounts() {
            throw new LiveStoresUnavailableException("restoring 1200 record(s) into the live stores");
        }

        @Override
        public LiveDeliveryLookup delivery(UUID deliveryId) {
            throw new LiveStoresUnavailableException("restoring 1200 record(s) into the live stores");
        }

        @Override
        public @Nullable AlarmSnapshot currentAlarms() {
            return null;
        }
    }

    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new LiveStatusController(new Restoring(), RestClient.builder()))
            .setControllerAdvice(new AnalyticsProblems()).build();

    @Test
    void readsWhileRestoringAnswer503WithRetryAfter() throws Exception {
        for (String path : new String[] { "/analytics/status-counts", "/analytics/deliveries/" + UUID.randomUUID() }) {
            mvc.perform(get(path))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(jsonPath("$.type").value("urn:delivery-relay:problem:analytics-unavailable"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("restoring 1200")));
        }
    }

    @Test
    void anIdThatIsNoUuidIsABadRequest() throws Exception {
        mvc.perform(get("/analytics/deliveries/42")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:delivery-relay:problem:invalid-request"));
    }
}
