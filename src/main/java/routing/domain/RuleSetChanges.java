package routing.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** What changed between two versions of a rule set, in words an operator reads in the history. */
public final class RuleSetChanges {

    private RuleSetChanges() {
    }

    public static List<String> between(RuleSet before, RuleSet after) {
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(before.timeZone(), after.timeZone())) {
            changes.add("time zone " + before.timeZone() + " -> " + after.timeZone());
        }
        if (!Objects.equals(before.fallback(), after.fallback())) {
            changes.add("fallback " + before.fallback() + " -> " + after.fallback());
        }
        named("service", before.services(), after.services(), service -> service, changes);
        named("zone", before.zones(), after.zones(), Zone::name, changes);
        named("rule", before.rules(), after.rules(), RoutingRule::id, changes);
        return changes;
    }

    private static <T> void named(String kind, List<T> before, List<T> after, Function<T, @Nullable String> name,
            List<String> changes) {
        Map<String, T> old = before.stream().collect(Collectors.toMap(t -> String.valueOf(name.apply(t)),
                Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        Map<String, T> now = after.stream().collect(Collectors.toMap(t -> String.valueOf(name.apply(t)),
                Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        now.forEach((key, value) -> {
            if (!old.containsKey(key)) {
                changes.add(kind + " " + key + " added");
            } else if (!old.get(key).equals(value)) {
                changes.add(kind + " " + key + " changed");
            }
        });
        old.keySet().stream().filter(key -> !now.containsKey(key)).sorted()
                .forEach(key -> changes.add(kind + " " + key + " removed"));
    }
}
