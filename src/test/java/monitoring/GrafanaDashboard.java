package monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboard in the repository, and the Prometheus metric names its panels query. */
public record GrafanaDashboard(JsonNode json) {

    public static final Path FILE = Path.of("monitoring", "grafana", "dashboards", "delivery-relay.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "and", "or", "unless");

    public static GrafanaDashboard load() {
        try {
            return new GrafanaDashboard(JsonMapper.builder().build().readTree(FILE.toFile()));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + FILE, e));
        }
    }

    public List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(panels::add);
        return panels;
    }

    public List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString()));
        }
        return expressions;
    }

    /** Every metric name in every panel's queries: identifiers outside label matchers, ranges and groupings that are not functions. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions()) {
            String bare = expression.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\\$\\w+", " ");
            Matcher matcher = IDENTIFIER.matcher(bare);
            while (matcher.find()) {
                String name = matcher.group();
                boolean function = bare.substring(matcher.end()).matches("(?s)\\s*\\(.*");
                if (!function && !KEYWORDS.contains(name) && name.contains("_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
