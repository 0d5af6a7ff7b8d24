package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticMemberIdUnitTest {

    @TempDir
    Path dir;

    @Test
    void anInstanceKeepsItsIdAcrossRestartsWithoutAnyHostName() {
        String first = StaticMemberId.loadOrCreate(dir.resolve("state"), "delivery-relay-analytics");
        String again = StaticMemberId.loadOrCreate(dir.resolve("state"), "delivery-relay-analytics");

        assertThat(again).isEqualTo(first).startsWith("delivery-relay-analytics-");
        assertThat(dir.resolve("state").resolve("delivery-relay-analytics.member-id")).exists();
    }

    @Test
    void twoInstancesOnOneHostGetDifferentIds() {
        String one = StaticMemberId.loadOrCreate(dir.resolve("one"), "delivery-relay-analytics");
        String other = StaticMemberId.loadOrCreate(dir.resolve("other"), "delivery-relay-analytics");

        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void anUnwritableStateDirectoryStopsTheStartWithWhatToDo() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> StaticMemberId.loadOrCreate(notADirectory, "delivery-relay-analytics"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.kafka.streams.state-dir")
                .hasMessageContaining("group.instance.id");
    }
}
