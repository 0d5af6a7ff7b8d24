package platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 9110's If-Match, one meaning for both APIs: strong comparison, {@code *} for any, lists, weak never. */
class IfMatchUnitTest {

    @Test
    void aStrongTagMatchesExactlyItsVersion() {
        IfMatch ifMatch = IfMatch.parse("\"7\"");

        assertThat(ifMatch.matches("\"7\"")).isTrue();
        assertThat(ifMatch.matches("\"8\"")).isFalse();
        assertThat(ifMatch.versions()).containsExactly(7L);
        assertThat(ifMatch.any()).isFalse();
    }

    @Test
    void aStarMatchesAnyCurrentRepresentation() {
        IfMatch star = IfMatch.parse(" * ");

        assertThat(star.any()).isTrue();
        assertThat(star.matches("\"1\"")).isTrue();
        assertThat(star.versions()).isEmpty();
    }

    @Test
    void aListMatchesWhenOneOfItsStrongTagsDoes() {
        IfMatch list = IfMatch.parse("\"6\", W/\"9\" ,\"a,b\",, \"10\"");

        assertThat(list.versions()).containsExactly(6L, 10L);
        assertThat(list.matches("\"10\"")).isTrue();
        assertThat(list.matches("\"9\"")).as("weak tags never match").isFalse();
        assertThat(list.matches("\"a,b\"")).as("a comma inside a tag is part of it").isTrue();
    }

    @Test
    void weakTagsNeverMatchAndNameNoVersion() {
        IfMatch weak = IfMatch.parse("W/\"3\"");

        assertThat(weak.matches("\"3\"")).isFalse();
        assertThat(weak.versions()).isEmpty();
    }

    @Test
    void tagsThatAreNotCanonicalVersionsNameNone() {
        assertThat(IfMatch.parse("\"007\", \"-1\", \"0\", \"x\", \"99999999999999999999\"").versions()).isEmpty();
    }

    @Test
    void absentOrEmptyIsNoCondition() {
        assertThat(IfMatch.parse(null)).isNull();
        assertThat(IfMatch.parse("  ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "7", "\"7", "\"7\" \"8\"", "W/7", "*, \"1\"", ",", "\"a\u0001\"", "\"é\u0100\"",
            "w/\"1\"" })
    void anythingElseIsMalformed(String header) {
        assertThatThrownBy(() -> IfMatch.parse(header)).isInstanceOf(IfMatch.MalformedIfMatchException.class)
                .hasMessageNotContaining("\u0001");
    }

    @Test
    void etagsAreStrongQuotedVersions() {
        assertThat(IfMatch.etag(42)).isEqualTo("\"42\"");
    }
}
