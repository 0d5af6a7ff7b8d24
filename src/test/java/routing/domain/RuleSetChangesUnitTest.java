package routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import routing.domain.RoutingRule.Share;

class RuleSetChangesUnitTest {

    @Test
    void namesWhatWasAddedChangedAndRemoved() {
        RuleSet before = RuleSets.seoul();
        List<RoutingRule> rules = new ArrayList<>(before.rules().subList(1, 3));
        RoutingRule lunch = before.rules().getFirst();
        rules.set(1, RuleSets.rule("yogiyo-all", 30, List.of(), List.of("yogiyo"), null,
                List.of(new Share("partner-b", 1))));
        rules.add(RuleSets.rule("coupang", 40, List.of(), List.of("coupang"), null, List.of(new Share("in-house", 1))));
        RuleSet after = new RuleSet(before.timeZone(), before.services(), before.zones(), rules, "partner-a");

        assertThat(RuleSetChanges.between(before, after)).containsExactly("fallback in-house -> partner-a",
                "rule yogiyo-all changed", "rule coupang added", "rule " + lunch.id() + " removed");
    }

    @Test
    void nothingChangedSaysNothing() {
        assertThat(RuleSetChanges.between(RuleSets.seoul(), RuleSets.seoul())).isEmpty();
    }
}
