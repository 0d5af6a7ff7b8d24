package routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import routing.domain.RoutingRule.Share;

class RuleSetValidationUnitTest {

    @Test
    void aWellFormedRuleSetHasNoViolations() {
        assertThat(RuleSets.seoul().violations()).isEmpty();
    }

    @Test
    void everyProblemIsListedWithWhereItIs() {
        RuleSet broken = new RuleSet("Mars/Olympus", List.of("in-house", "in-house"),
                List.of(new Zone("gangnam", new BigDecimal("37.53"), new BigDecimal("127.01"),
                        new BigDecimal("37.46"), new BigDecimal("127.11"))),
                List.of(
                        RuleSets.rule("lunch", 10, List.of("gangam"), List.of(),
                                new TimeWindow(List.of("FUNDAY"), "11:00", "25:00"),
                                List.of(new Share("partner-z", 70), new Share("in-house", 0))),
                        RuleSets.rule("lunch", 10, List.of(), List.of("bad service!"), null, List.of())),
                "nobody");

        assertThat(broken.violations()).extracting(Violation::path).containsExactlyInAnyOrder(
                "timeZone",
                "services[1]",
                "zones[0]",
                "rules[0].zones[0]",
                "rules[0].window.to",
                "rules[0].window.days[0]",
                "rules[0].split[0].service",
                "rules[0].split[1].weight",
                "rules[1].id",
                "rules[1].priority",
                "rules[1].orderServices[0]",
                "rules[1].split",
                "fallback");
        assertThat(broken.violations()).filteredOn(v -> v.path().equals("rules[0].split[0].service"))
                .singleElement().extracting(Violation::message).asString()
                .contains("unknown delivery service 'partner-z'");
    }

    @Test
    void theFallbackIsMandatory() {
        RuleSet noFallback = new RuleSet("UTC", List.of("in-house"), List.of(), List.of(), null);

        assertThat(noFallback.violations()).extracting(Violation::path).containsExactly("fallback");
    }

    @Test
    void missingFieldsAreViolationsNotCrashes() {
        RuleSet empty = new RuleSet(null, null, null, List.of(new RoutingRule(null, null, null, null,
                new TimeWindow(null, null, null), List.of(new Share(null, null)))), null);

        assertThat(empty.violations()).extracting(Violation::path).contains("timeZone", "services", "fallback",
                "rules[0].id", "rules[0].priority", "rules[0].window.from", "rules[0].window.to",
                "rules[0].split[0].service", "rules[0].split[0].weight");
    }

    @Test
    void aRuleWithoutConditionsBeforeOthersMakesThemUnreachable() {
        RuleSet shadowing = new RuleSet("UTC", List.of("in-house", "partner-a"), List.of(), List.of(
                RuleSets.rule("everything", 1, List.of(), List.of(), null, List.of(new Share("partner-a", 1))),
                RuleSets.rule("yogiyo", 2, List.of(), List.of("yogiyo"), null, List.of(new Share("in-house", 1)))),
                "in-house");

        assertThat(shadowing.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.path()).isEqualTo("rules");
            assertThat(violation.message()).contains("'everything'").contains("[yogiyo]");
        });
    }

    @Test
    void aRuleWithoutConditionsAfterAllOthersIsFine() {
        RuleSet catchAllLast = new RuleSet("UTC", List.of("in-house", "partner-a"), List.of(), List.of(
                RuleSets.rule("yogiyo", 1, List.of(), List.of("yogiyo"), null, List.of(new Share("in-house", 1))),
                RuleSets.rule("rest-50-50", 2, List.of(), List.of(), null,
                        List.of(new Share("partner-a", 1), new Share("in-house", 1)))),
                "in-house");

        assertThat(catchAllLast.violations()).isEmpty();
    }

    @Test
    void noRuleMayBeCalledFallbackWhichIsWhatAnUnmatchedDeliveryRecords() {
        RuleSet ambiguous = new RuleSet("UTC", List.of("in-house"), List.of(), List.of(RuleSets.rule("fallback", 1,
                List.of(), List.of("yogiyo"), null, List.of(new Share("in-house", 1)))), "in-house");

        assertThat(ambiguous.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.path()).isEqualTo("rules[0].id");
            assertThat(violation.message()).contains("reserved");
        });
    }

    @Test
    void invisibleCharactersOfAValueAreShownEscapedInItsViolation() {
        RuleSet controls = new RuleSet("UTC", List.of("in-house", "bad\u0007\u202eid"), List.of(), List.of(),
                "in-house");

        assertThat(controls.violations()).singleElement().satisfies(violation -> assertThat(violation.message())
                .contains("'bad\\u0007\\u202eid'").doesNotContain("\u0007").doesNotContain("\u202e"));
    }

    @Test
    void anEmptyWindowIsRefused() {
        RuleSet empty = new RuleSet("UTC", List.of("in-house"), List.of(), List.of(RuleSets.rule("never", 1,
                List.of(), List.of("x"), new TimeWindow(List.of(), "10:00", "10:00"),
                List.of(new Share("in-house", 1)))), "in-house");

        assertThat(empty.violations()).extracting(Violation::path).containsExactly("rules[0].window");
    }

    @Test
    void twentyFourHundredIsOnlyAnEnd() {
        RuleSet startsAtMidnightEnd = new RuleSet("UTC", List.of("in-house"), List.of(), List.of(RuleSets.rule("x",
                1, List.of(), List.of("x"), new TimeWindow(List.of(), "24:00", "02:00"),
                List.of(new Share("in-house", 1)))), "in-house");

        assertThat(startsAtMidnightEnd.violations()).extracting(Violation::path).containsExactly("rules[0].window.from");
    }

    @Test
    void compilingAnInvalidRuleSetThrowsWithAllViolations() {
        RuleSet invalid = new RuleSet("UTC", List.of(), List.of(), List.of(), "in-house");

        assertThatThrownBy(invalid::compile).isInstanceOfSatisfying(InvalidRuleSetException.class,
                e -> assertThat(e.violations()).hasSize(2));
    }
}
