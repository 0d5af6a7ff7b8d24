package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written contract of {@code delivery.integrated}, checked with formats asserted (uuid, date-time). */
public final class IntegratedDeliverySchema {

    public static final Path FILE = Path.of("docs", "contracts", "schemas", "delivery.integrated",
            "IntegratedDelivery.v1.schema.json");

    private static final Schema SCHEMA = load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IntegratedDeliverySchema() {
    }

    private static Schema load() {
        try (InputStream in = Files.newInputStream(FILE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails the test with every violation if {@code json} does not follow the schema. */
    public static void assertValid(byte[] json) {
        JsonNode node = JSON.readTree(json);
        var errors = SCHEMA.validate(node, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
        assertThat(errors).as("%s against %s", node, FILE).isEmpty();
    }
}
