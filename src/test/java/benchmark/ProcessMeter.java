package benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time and resident memory of the processes that make up the stack under test, read from {@code /proc} (Linux
 * only), so that a scenario can say what each process spent per change and how much memory the whole stack held at
 * its peak. The JDK's {@code ProcessHandle} knows neither, and JMX sees only the JVM it runs in.
 */
final class ProcessMeter implements AutoCloseable {

    /** USER_HZ: the unit of utime and stime in /proc/[pid]/stat on every Linux architecture Java runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Map<String, Long> pids;
    private final Map<String, Long> cpuAtStart = new LinkedHashMap<>();
    private final AtomicLong peakRssBytes = new AtomicLong();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final Thread sampler;

    /** Starts counting: CPU from now, peak RSS sampled every 250 ms until {@link #close()}. */
    ProcessMeter(Map<String, Long> pidsByName) {
        this.pids = new LinkedHashMap<>(pidsByName);
        pids.forEach((name, pid) -> cpuAtStart.put(name, cpuNanos(pid)));
        sampler = Thread.ofPlatform().daemon().name("benchmark-rss").start(() -> {
            while (sampling.get()) {
                peakRssBytes.accumulateAndGet(rssBytes(), Math::max);
                LockSupport.parkNanos(250_000_000L);
            }
        });
    }

    /** CPU milliseconds each process used since the start, per {@code per} units of work (e.g. per 1,000 changes). */
    Map<String, Double> cpuMillisPer(long work, long per) {
        Map<String, Double> result = new LinkedHashMap<>();
        pids.forEach((name, pid) -> result.put(name,
                work == 0 ? Double.NaN : (cpuNanos(pid) - cpuAtStart.get(name)) / 1e6 / work * per));
        return result;
    }

    /** The sum of the processes' resident memory right now. */
    long rssBytes() {
        long sum = 0;
        for (long pid : pids.values()) {
            sum += rssBytes(pid);
        }
        return sum;
    }

    long peakRssBytes() {
        return Math.max(peakRssBytes.get(), rssBytes());
    }

    static long cpuNanos(long pid) {
        try {
            return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of one {@code /proc/[pid]/stat} line. */
    static long cpuNanos(String stat) {
        // the command name (field 2) may contain spaces and parentheses: count fields from after its last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: it holds no memory
        }
        return 0;
    }

    /** mariadbd's pid from the pid file an embedded server writes into its data dir, or -1. */
    static long mariadbPid(Path mariadbHome) {
        try {
            return Long.parseLong(Files.readString(mariadbHome.resolve("data/mariadbd.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampling.set(false);
        sampler.join();
    }
}
