package routing.domain;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import routing.domain.RoutingRule.Share;
import routing.domain.RoutingTable.Area;
import routing.domain.RoutingTable.Rule;
import routing.domain.RoutingTable.Split;
import routing.domain.RoutingTable.Window;

/** Checks a {@link RuleSet} in one pass, collecting every violation, and builds its {@link RoutingTable}. */
final class RuleSetCompiler {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_RULES = 1_000;
    static final int MAX_ZONES = 1_000;
    static final int MAX_WEIGHT = 10_000;
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final String END_OF_DAY = "24:00";
    private static final BigDecimal NINETY = BigDecimal.valueOf(90);
    private static final BigDecimal ONE_EIGHTY = BigDecimal.valueOf(180);

    private final RuleSet ruleSet;
    private final List<Violation> violations = new ArrayList<>();

    private RuleSetCompiler(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    static RoutingTable compile(RuleSet ruleSet) {
        return new RuleSetCompiler(ruleSet).compile();
    }

    private RoutingTable compile() {
        ZoneId timeZone = timeZone();
        Set<String> services = services();
        Map<String, Area> zones = zones();
        List<Rule> rules = rules(services, zones);
        String fallback = ruleSet.fallback();
        if (fallback == null || fallback.isBlank()) {
            violation("fallback", "is required: the service for deliveries no rule matches");
        } else if (!services.contains(fallback)) {
            violation("fallback", unknownService(fallback));
        }
        // a missing time zone or fallback is always among the violations; the null checks say so to the compiler
        if (!violations.isEmpty() || timeZone == null || fallback == null) {
            throw new InvalidRuleSetException(violations);
        }
        return new RoutingTable(timeZone, rules, fallback);
    }

    private @Nullable ZoneId timeZone() {
        if (ruleSet.timeZone() == null || ruleSet.timeZone().isBlank()) {
            violation("timeZone", "is required, e.g. Asia/Seoul");
            return null;
        }
        try {
            return ZoneId.of(ruleSet.timeZone());
        } catch (DateTimeException e) {
            violation("timeZone", quoted(ruleSet.timeZone()) + " is not a time zone id, e.g. Asia/Seoul");
            return null;
        }
    }

    private Set<String> services() {
        Set<String> services = new HashSet<>();
        if (ruleSet.services().isEmpty()) {
            violation("services", "must name at least one delivery service");
        }
        for (int i = 0; i < ruleSet.services().size(); i++) {
            String service = ruleSet.services().get(i);
            if (name("services[" + i + "]", service) && !services.add(service)) {
                violation("services[" + i + "]", quoted(service) + " is listed twice");
            }
        }
        return services;
    }

    private Map<String, Area> zones() {
        Map<String, Area> zones = new HashMap<>();
        if (ruleSet.zones().size() > MAX_ZONES) {
            violation("zones", "at most " + MAX_ZONES + " zones");
        }
        for (int i = 0; i < ruleSet.zones().size(); i++) {
            Zone zone = ruleSet.zones().get(i);
            String path = "zones[" + i + "]";
            boolean named = name(path + ".name", zone.name());
            BigDecimal south = coordinate(path + ".south", zone.south(), NINETY) ? zone.south() : null;
            BigDecimal north = coordinate(path + ".north", zone.north(), NINETY) ? zone.north() : null;
            BigDecimal west = coordinate(path + ".west", zone.west(), ONE_EIGHTY) ? zone.west() : null;
            BigDecimal east = coordinate(path + ".east", zone.east(), ONE_EIGHTY) ? zone.east() : null;
            boolean bounded = true;
            if (south != null && north != null && south.compareTo(north) >= 0) {
                violation(path, "south (" + south + ") must be below north (" + north + ")");
                bounded = false;
            }
            if (west != null && east != null && west.compareTo(east) >= 0) {
                violation(path, "west (" + west + ") must be below east (" + east + ")");
                bounded = false;
            }
            if (named && zones.containsKey(zone.name())) {
                violation(path + ".name", quoted(zone.name()) + " is defined twice");
            } else if (named && south != null && north != null && west != null && east != null && bounded) {
                zones.put(zone.name(), new Area(south, west, north, east));
            } else if (named) {
                zones.put(zone.name(), null);
            }
        }
        return zones;
    }

    private List<Rule> rules(Set<String> services, Map<String, Area> zones) {
        if (ruleSet.rules().size() > MAX_RULES) {
            violation("rules", "at most " + MAX_RULES + " rules");
        }
        Set<String> ids = new HashSet<>();
        Map<Integer, String> priorities = new HashMap<>();
        List<Rule> rules = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        Set<String> catchAll = new HashSet<>();
        for (int i = 0; i < ruleSet.rules().size(); i++) {
            RoutingRule rule = ruleSet.rules().get(i);
            String path = "rules[" + i + "]";
            if (name(path + ".id", rule.id())) {
                if (RoutingDecision.FALLBACK.equals(rule.id())) {
                    violation(path + ".id", quoted(RoutingDecision.FALLBACK) + " is reserved: it is what a delivery "
                            + "no rule matched records as its rule");
                } else if (!ids.add(rule.id())) {
                    violation(path + ".id", quoted(rule.id()) + " is used by another rule");
                }
            }
            if (rule.priority() == null) {
                violation(path + ".priority", "is required: lower numbers are evaluated first");
            } else if (rule.priority() < 0) {
                violation(path + ".priority", "must be 0 or more");
            } else if (priorities.putIfAbsent(rule.priority(), String.valueOf(rule.id())) != null) {
                violation(path + ".priority", rule.priority() + " is also the priority of rule '"
                        + priorities.get(rule.priority()) + "': the order between them would be arbitrary");
            }
            List<Area> areas = new ArrayList<>();
            for (int z = 0; z < rule.zones().size(); z++) {
                String zone = rule.zones().get(z);
                if (!zones.containsKey(zone)) {
                    violation(path + ".zones[" + z + "]", "unknown zone " + quoted(zone) + " (known: "
                            + zones.keySet().stream().sorted().toList() + ")");
                } else if (zones.get(zone) != null) {
                    areas.add(zones.get(zone));
                }
            }
            for (int o = 0; o < rule.orderServices().size(); o++) {
                name(path + ".orderServices[" + o + "]", rule.orderServices().get(o));
            }
            Window window = rule.window() == null ? null : window(path + ".window", rule.window());
            // a rule without an id is already a violation, so the set is never compiled; "null" only names it meanwhile
            String id = String.valueOf(rule.id());
            Split split = split(path + ".split", rule.split(), services, id);
            if (rule.zones().isEmpty() && rule.orderServices().isEmpty() && rule.window() == null) {
                catchAll.add(id);
            }
            if (split != null) {
                rules.add(new Rule(id, areas, Set.copyOf(rule.orderServices()), window, split));
                order.add(rule.priority() == null ? Integer.MAX_VALUE : rule.priority());
            }
        }
        List<Integer> byPriority = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            byPriority.add(i);
        }
        byPriority.sort(Comparator.comparing(order::get));
        List<Rule> sorted = byPriority.stream().map(rules::get).toList();
        unreachable(sorted, catchAll);
        return sorted;
    }

    /** A rule without conditions catches every delivery: rules after it could never route anything. */
    private void unreachable(List<Rule> sorted, Set<String> catchAll) {
        for (int i = 0; i < sorted.size() - 1; i++) {
            Rule rule = sorted.get(i);
            if (catchAll.contains(rule.id())) {
                violation("rules", "rule " + quoted(rule.id()) + " has no conditions and matches every delivery, so "
                        + "rules after it (" + sorted.subList(i + 1, sorted.size()).stream().map(Rule::id).toList()
                        + ") can never apply; give it conditions or the highest priority number");
                return;
            }
        }
    }

    private @Nullable Window window(String path, TimeWindow window) {
        LocalTime from = time(path + ".from", window.from());
        boolean untilMidnight = END_OF_DAY.equals(window.to());
        LocalTime to = untilMidnight ? LocalTime.MIDNIGHT : time(path + ".to", window.to());
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int d = 0; d < window.days().size(); d++) {
            try {
                days.add(DayOfWeek.valueOf(window.days().get(d).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                violation(path + ".days[" + d + "]", quoted(window.days().get(d)) + " is not a day (MONDAY..SUNDAY)");
            }
        }
        if (from != null && to != null && from.equals(to) && !untilMidnight) {
            violation(path, "from and to are both " + from + ": the window would be empty");
            return null;
        }
        return from == null || to == null ? null : new Window(days, from, to, untilMidnight);
    }

    private @Nullable LocalTime time(String path, @Nullable String value) {
        if (value == null) {
            violation(path, "is required (HH:mm)");
            return null;
        }
        try {
            return LocalTime.parse(value, HOUR_MINUTE);
        } catch (DateTimeParseException e) {
            violation(path, quoted(value) + " is not a time of day (HH:mm, 00:00-23:59; 'to' may be 24:00, the end "
                    + "of the day)");
            return null;
        }
    }

    private @Nullable Split split(String path, List<Share> shares, Set<String> services, String ruleId) {
        if (shares.isEmpty()) {
            violation(path, "must name at least one service");
            return null;
        }
        List<String> names = new ArrayList<>();
        int[] cumulative = new int[shares.size()];
        int total = 0;
        boolean valid = true;
        for (int s = 0; s < shares.size(); s++) {
            Share share = shares.get(s);
            String sharePath = path + "[" + s + "]";
            if (share.service() == null || !services.contains(share.service())) {
                violation(sharePath + ".service", share.service() == null ? "is required" : unknownService(
                        share.service()));
                valid = false;
            } else if (names.contains(share.service())) {
                violation(sharePath + ".service", quoted(share.service()) + " appears twice in this split");
                valid = false;
            }
            if (share.weight() == null || share.weight() < 1 || share.weight() > MAX_WEIGHT) {
                violation(sharePath + ".weight", "must be a whole number from 1 to " + MAX_WEIGHT);
                valid = false;
            } else {
                total += share.weight();
            }
            names.add(share.service());
            cumulative[s] = total;
        }
        return valid ? new Split(names, cumulative, Split.mix(ruleId.hashCode())) : null;
    }

    private boolean coordinate(String path, @Nullable BigDecimal value, BigDecimal limit) {
        if (value == null) {
            violation(path, "is required");
            return false;
        }
        if (value.abs().compareTo(limit) > 0) {
            violation(path, value + " is outside -" + limit + ".." + limit);
            return false;
        }
        return true;
    }

    private boolean name(String path, @Nullable String value) {
        if (value == null || value.isBlank()) {
            violation(path, "is required");
            return false;
        }
        if (!NAME.matcher(value).matches()) {
            violation(path, quoted(value) + " must be 1-64 letters, digits, '.', '_' or '-'");
            return false;
        }
        return true;
    }

    private String unknownService(String service) {
        return "unknown delivery service " + quoted(service) + " (services: " + ruleSet.services() + ")";
    }

    /** A value as written, in quotes, with control and other invisible characters shown as {@code \\uXXXX}. */
    static String quoted(@Nullable Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("'");
        text.codePoints().limit(100).forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(text.codePointCount(0, text.length()) > 100 ? "...'" : "'").toString();
    }

    private void violation(String path, String message) {
        violations.add(new Violation(path, message));
    }
}
