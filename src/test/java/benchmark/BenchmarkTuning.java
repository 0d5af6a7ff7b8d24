package benchmark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static BenchmarkTuning parse(String properties, String jarJvmOptions) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : properties.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("BENCHMARK_PROPERTIES: '" + pair.trim() + "' is not key=value");
            }
            pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        List<String> options = Arrays.stream(jarJvmOptions.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
        return new BenchmarkTuning(Map.copyOf(pairs), options);
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
