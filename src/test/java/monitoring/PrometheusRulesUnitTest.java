package monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.yaml.snakeyaml.Yaml;

import analytics.application.AlarmProperties;
import platform.InstalledTool;

/**
 * The Prometheus alerting rules mirror the service's alarms: every threshold a rule names in its {@code config}
 * annotation equals the default of that {@code relay.alarms.*} property and appears in its expression, and
 * {@code promtool test rules} shows each rule firing and resolving.
 */
class PrometheusRulesUnitTest {

    static final Path RULES = Path.of("monitoring", "prometheus", "alerts.yml");
    static final Path RULE_TESTS = Path.of("monitoring", "prometheus", "alerts-test.yml");

    final AlarmProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("relay.alarms", AlarmProperties.class);

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleThresholdEqualsTheConfigurationDefault() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        List<Map<String, Object>> rules = rulesOf(file, "delivery-relay-alarms");
        assertThat(rules).extracting(rule -> rule.get("alert")).containsExactlyInAnyOrder("DeliveriesStuck",
                "CancellationRatioHigh", "IntakeSurge", "RelayLagHigh", "DeadLettersAppearing");
        for (Map<String, Object> rule : rules) {
            String expression = (String) rule.get("expr");
            String config = (String) ((Map<String, Object>) rule.get("annotations")).get("config");
            String severity = (String) ((Map<String, Object>) rule.get("labels")).get("severity");
            for (String entry : config.split(",\\s*")) {
                String property = entry.substring(0, entry.indexOf('='));
                String value = entry.substring(entry.indexOf('=') + 1);
                assertThat(value).as("%s in rule %s", property, rule.get("alert"))
                        .isEqualTo(prometheusForm(defaultOf(property)));
                if (property.equals("relay.alarms.min-active")) {
                    assertThat(rule.get("keep_firing_for")).isEqualTo(value);
                } else if (property.equals("relay.alarms.relay-lag.max")) {
                    assertThat(expression).containsPattern(">=\\s*" + value.replace("s", "") + "\\b");
                } else {
                    assertThat(expression).as("rule %s uses %s", rule.get("alert"), property)
                            .containsPattern("(?<![\\w.])" + java.util.regex.Pattern.quote(value) + "(?![\\w.])");
                }
            }
            String detector = config.split("\\.")[2];
            assertThat(severity).as("severity of %s", rule.get("alert")).isEqualTo(severityOf(detector));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperationsRulesJudgeShardsAsTheRelaysHealthDoes() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        List<Map<String, Object>> rules = rulesOf(file, "delivery-relay-operations");
        assertThat(rules).extracting(rule -> rule.get("alert")).containsExactlyInAnyOrder("RelayShardStalled",
                "RelayShardUnowned", "RelayShardFailing");
        Map<String, Object> stalled = rules.stream().filter(rule -> rule.get("alert").equals("RelayShardStalled"))
                .findFirst().orElseThrow();
        long maxWaitingSeconds = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("relay.outbox", outbox.application.RelayProperties.class).maxWaitingAge().toSeconds();
        assertThat(((Map<String, Object>) stalled.get("annotations")).get("config"))
                .isEqualTo("relay.outbox.max-waiting-age=" + maxWaitingSeconds + "s");
        assertThat((String) stalled.get("expr")).containsPattern(">=\\s*" + maxWaitingSeconds + "\\b");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rulesOf(Map<String, Object> file, String name) {
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            if (name.equals(group.get("name"))) {
                return (List<Map<String, Object>>) group.get("rules");
            }
        }
        throw new AssertionError("no rule group " + name + " in " + RULES);
    }

    @Test
    void promtoolShowsEveryRuleFiringAndResolving() throws Exception {
        Path promtool = InstalledTool.require("/usr/bin/promtool", "prometheus");
        assertThat(run(promtool.toString(), "check", "rules", RULES.toString())).contains("SUCCESS: 8 rules found");
        assertThat(run(promtool.toString(), "test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
    }

    private String severityOf(String detector) throws Exception {
        Object properties = AlarmProperties.class.getMethod(camel(detector)).invoke(defaults);
        return properties.getClass().getMethod("severity").invoke(properties).toString().toLowerCase(Locale.ROOT);
    }

    private Object defaultOf(String property) throws Exception {
        Object value = defaults;
        for (String segment : property.substring("relay.alarms.".length()).split("\\.")) {
            Method accessor = value.getClass().getMethod(camel(segment));
            value = accessor.invoke(value);
        }
        return value;
    }

    private static String camel(String kebab) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    /** 1m, 30s, 0.3, 20: as Prometheus writes durations and numbers. */
    private static String prometheusForm(Object value) {
        if (value instanceof Duration duration) {
            long seconds = duration.toSeconds();
            return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        }
        if (value instanceof Double number) {
            return number == Math.rint(number) ? Long.toString(number.longValue()) : number.toString();
        }
        return value.toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
