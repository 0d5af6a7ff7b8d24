package routing.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleSetETagsUnitTest {

    @Test
    void aStrongTagNamesItsVersion() {
        assertThat(RuleSetETags.expectedVersion("\"7\"", () -> 9)).isEqualTo(7);
    }

    @Test
    void aStarMeansWhateverIsCurrent() {
        assertThat(RuleSetETags.expectedVersion("*", () -> 9)).isEqualTo(9);
    }

    @Test
    void aListMatchesIfItHoldsTheCurrentVersion() {
        assertThat(RuleSetETags.expectedVersion("\"6\", \"9\"", () -> 9)).isEqualTo(9);
        assertThat(RuleSetETags.expectedVersion("\"6\", \"7\"", () -> 9)).isEqualTo(6);
    }

    @Test
    void weakTagsNeverMatch() {
        assertThatThrownBy(() -> RuleSetETags.expectedVersion("W/\"9\"", () -> 9))
                .isInstanceOf(RuleSetETags.WeakIfMatchException.class);
    }

    @Test
    void unquotedOrMissingIsRefused() {
        assertThatThrownBy(() -> RuleSetETags.expectedVersion("9", () -> 9))
                .isInstanceOf(RuleSetETags.MalformedIfMatchException.class);
        assertThatThrownBy(() -> RuleSetETags.expectedVersion(" ", () -> 9))
                .isInstanceOf(RuleSetETags.IfMatchRequiredException.class);
    }
}
