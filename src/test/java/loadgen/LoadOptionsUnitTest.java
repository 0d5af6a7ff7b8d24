package loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadOptionsUnitTest {

    @Test
    void livesAreUnboundedUnlessAsked() {
        assertThat(LoadOptions.parse("--token", "t").maxLives()).isZero();
        assertThat(LoadOptions.parse("--token", "t", "--max-lives", "64").maxLives()).isEqualTo(64);
    }

    @Test
    void refusesANegativeLifeBound() {
        assertThatThrownBy(() -> LoadOptions.parse("--token", "t", "--max-lives", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-lives");
    }
}
