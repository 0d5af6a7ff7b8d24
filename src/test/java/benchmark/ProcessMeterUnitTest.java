package benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMeterUnitTest {

    @Test
    void readsUserPlusSystemTimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
        // fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 1000 "
                + "123456 789 18446744073709551615";

        assertThat(ProcessMeter.cpuNanos(stat)).isEqualTo((250 + 50) * 10_000_000L);
    }

    @Test
    void measuresThisProcess() throws Exception {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcessMeter.cpuNanos(pid)).isPositive();
        assertThat(ProcessMeter.rssBytes(pid)).isPositive();
        try (ProcessMeter meter = new ProcessMeter(Map.of("this JVM", pid))) {
            assertThat(meter.peakRssBytes()).isPositive();
            assertThat(meter.cpuMillisPer(0, 1000).get("this JVM")).isNaN();
        }
    }

    @Test
    void aProcessThatIsGoneCostsNothing(@TempDir Path dir) {
        assertThat(ProcessMeter.mariadbPid(dir)).isEqualTo(-1);
        assertThat(ProcessMeter.cpuNanos(-1)).isZero();
        assertThat(ProcessMeter.rssBytes(-1)).isZero();
    }
}
