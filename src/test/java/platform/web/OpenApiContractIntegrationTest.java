package platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document is the committed one, {@code docs/contracts/openapi.json}. After a change to the API,
 * regenerate it and commit the difference:
 *
 * <pre>./mvnw verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=OpenApiContractIntegrationTest -Drelay.contracts.write=true</pre>
 *
 * (The test client of {@code OpenApiClientIntegrationTest} is generated from the committed document at every
 * build, so an operation it uses cannot disappear unnoticed.)
 */
@RelayIntegrationTest
class OpenApiContractIntegrationTest {

    static final Path COMMITTED = Path.of("docs", "contracts", "openapi.json");
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @LocalServerPort
    int port;

    HttpApi viewer;

    @BeforeEach
    void client() {
        viewer = new HttpApi(port).as(TestUsers.VIEWER);
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        Reply served = viewer.get("/v3/api-docs");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        JsonNode document = served.json();

        if (Boolean.getBoolean("relay.contracts.write")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, JSON.writeValueAsString(document) + "\n");
        }
        assertThat(document)
                .as("the served OpenAPI document differs from %s; regenerate it with -Drelay.contracts.write=true "
                        + "(see this test's Javadoc) and commit it", COMMITTED)
                .isEqualTo(JSON.readTree(COMMITTED.toFile()));
        assertThat(document.path("openapi").asString()).startsWith("3.1");
    }

    @Test
    void everyOperationDocumentsItsProblemsWithTheirTypes() {
        JsonNode document = viewer.get("/v3/api-docs").json();
        List<String> undocumented = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().path("responses");
            for (String status : List.of("400", "401", "406", "500")) {
                JsonNode problem = responses.path(status).path("content").path("application/problem+json")
                        .path("schema");
                if (problem.isMissingNode() || !problem.toString().contains(Problems.TYPE_PREFIX)) {
                    undocumented.add(operation.getKey() + " " + path.getKey() + " " + status);
                }
            }
        }));
        assertThat(undocumented).isEmpty();
        assertThat(document.path("paths").properties()).extracting(java.util.Map.Entry::getKey)
                .contains("/deliveries", "/deliveries/{id}", "/deliveries/{id}/assign-rider",
                        "/admin/routing/rule-set", "/admin/routing/dry-run", "/actuator/health")
                .doesNotContain("/error");
    }

    @Test
    void theDocumentAndSwaggerUiAreForSignedInUsersOnly() {
        HttpApi anonymous = new HttpApi(port).anonymous();
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(401);

        Reply ui = new HttpApi(port).get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.contentType()).startsWith("text/html");
        assertThat(ui.body()).contains("swagger-ui");
    }
}
