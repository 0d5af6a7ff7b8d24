package platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/** The API's JSON reads values as written: no coercion between JSON types, no lone surrogates. */
class StrictApiJsonUnitTest {

    record Body(@Nullable String text, @Nullable Integer whole, @Nullable BigDecimal decimal,
            @Nullable Instant time, @Nullable Boolean flag, @Nullable List<String> names) {
    }

    static final JsonMapper JSON = strict();

    static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        StrictApiJson.configure(builder);
        return builder.build();
    }

    @Test
    void valuesOfTheirOwnTypeAreRead() {
        Body body = JSON.readValue("""
                {"text":"가게 👩‍🍳","whole":70,"decimal":37.461200000000005,"time":"2026-11-26T12:30:00Z",
                 "flag":true,"names":["a","b"]}""", Body.class);

        assertThat(body.text()).isEqualTo("가게 👩‍🍳");
        assertThat(body.whole()).isEqualTo(70);
        assertThat(body.decimal()).isEqualByComparingTo("37.461200000000005");
        assertThat(body.time()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
        assertThat(body.names()).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"text\":123}", "{\"text\":true}", "{\"text\":1.5}", "{\"whole\":1.5}",
            "{\"whole\":\"70\"}", "{\"whole\":true}", "{\"decimal\":\"37.5\"}", "{\"time\":1764160200}",
            "{\"time\":1764160200.5}", "{\"flag\":\"true\"}", "{\"flag\":1}", "{\"names\":[7]}",
            "{\"text\":\"\\ud800abc\"}", "{\"text\":\"abc\\udc00\"}", "{\"names\":[\"ok\",\"\\udfff\"]}" })
    void aValueOfAnotherTypeOrALoneSurrogateIsRefused(String json) {
        assertThatThrownBy(() -> JSON.readValue(json, Body.class)).isInstanceOf(DatabindException.class);
    }

    @Test
    void theDefaultMapperWouldHaveCoercedThem() {
        // guards the test above: without the configuration these are silently converted
        JsonMapper lenient = JsonMapper.builder().build();
        assertThat(lenient.readValue("{\"text\":123,\"whole\":\"70\"}", Body.class).text()).isEqualTo("123");
    }
}
