package benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings a tuning experiment changes for one benchmark run, from the environment, so that a sweep needs no code
 * change: {@code BENCHMARK_PROPERTIES="key=value,key=value"} for every scenario that runs the application (the
 * in-process scenarios' context, the HTTP scenario's jar as {@code --key=value} arguments) and
 * {@code BENCHMARK_JAR_JAVA_OPTS="-Xmx1g ..."} for the HTTP scenario's JVM. The report names them: a figure taken
 * with settings other than the defaults must say so.
 */
record BenchmarkTuning(Map<String, String> properties, List<String> jarJvmOptions) {

    static BenchmarkTuning fromEnvironment() {
        return parse(System.getenv().getOrDefault("BENCHMARK_PROPERTIES", ""),
                System.getenv().getOrDefault("BENCHMARK_JAR_JAVA_OPTS", ""));
    }

    /**
     * Where each scenario's servers are: the benchmark sets them per scenario, and an experiment that changed them
     * would measure something else (for the jar a second {@code --server.port} would even be joined to the first)
     */
    private static final java.util.Set<String> SET_BY_THE_BENCHMARK = java.util.Set.of("server.port",
            "spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
            "spring.kafka.bootstrap-servers", "relay.cdc.hostname", "relay.cdc.port", "relay.cdc.username",
            "relay.cdc.password");

    static BenchmarkTuning parse(String properties, String jarJvmOptions) {
        // sorted, so that the report names them in the same order in every run
        Map<String, String> pairs = new TreeMap<>();
        for (String pair : properties.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? "" : pair.substring(0, equals).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("BENCHMARK_PROPERTIES: '" + pair.trim() + "' is not key=value");
            }
            if (SET_BY_THE_BENCHMARK.contains(key) || key.startsWith("relay.embedded.")) {
                throw new IllegalArgumentException("BENCHMARK_PROPERTIES: " + key
                        + " is set by the benchmark for each scenario");
            }
            pairs.put(key, pair.substring(equals + 1).trim());
        }
        List<String> options = Arrays.stream(jarJvmOptions.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
        return new BenchmarkTuning(java.util.Collections.unmodifiableMap(pairs), options);
    }

    /** the properties as the jar's command-line arguments */
    List<String> jarArguments() {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    boolean isDefault() {
        return properties.isEmpty() && jarJvmOptions.isEmpty();
    }

    /** one line for the report */
    String describe() {
        if (isDefault()) {
            return "the defaults (no BENCHMARK_PROPERTIES, no BENCHMARK_JAR_JAVA_OPTS)";
        }
        return "**not the defaults**: BENCHMARK_PROPERTIES " + (properties.isEmpty() ? "none" : properties)
                + "; the HTTP scenario's JVM options " + (jarJvmOptions.isEmpty() ? "the JVM's defaults" : jarJvmOptions);
    }
}
