package routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import routing.domain.RoutingRule.Share;

class RoutingTableUnitTest {

    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    static final BigDecimal[] IN_GANGNAM = { new BigDecimal("37.4981"), new BigDecimal("127.0276") };
    static final BigDecimal[] IN_MAPO = { new BigDecimal("37.5563"), new BigDecimal("126.9220") };
    static final BigDecimal[] ELSEWHERE = { new BigDecimal("35.1796"), new BigDecimal("129.0756") };

    final RoutingTable table = RuleSets.seoul().compile();

    static RoutingInput delivery(UUID id, String orderService, BigDecimal[] at, String seoulTime) {
        return new RoutingInput(id, orderService, at[0], at[1],
                ZonedDateTime.parse(seoulTime + "+09:00[Asia/Seoul]").toInstant());
    }

    static RoutingInput delivery(String orderService, BigDecimal[] at, String seoulTime) {
        return delivery(UUID.randomUUID(), orderService, at, seoulTime);
    }

    @Test
    void aDeliveryNoRuleMatchesGoesToTheFallback() {
        RoutingDecision decision = table.route(delivery("baemin", ELSEWHERE, "2026-11-26T12:00"));

        assertThat(decision).isEqualTo(new RoutingDecision("in-house", null));
        assertThat(decision.ruleOrFallback()).isEqualTo("fallback");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-26T10:59, fallback", // a minute before the window
            "2026-11-26T11:00, gangnam-lunch", // from is inclusive
            "2026-11-26T13:59, gangnam-lunch",
            "2026-11-26T14:00, fallback" }) // to is exclusive
    void aZoneRuleAppliesInsideItsWindowOnly(String seoulTime, String rule) {
        assertThat(table.route(delivery("baemin", IN_GANGNAM, seoulTime)).ruleOrFallback()).isEqualTo(rule);
    }

    @Test
    void aZoneRuleLooksAtThePickupLocation() {
        assertThat(table.route(delivery("baemin", IN_MAPO, "2026-11-26T12:00")).ruleOrFallback())
                .isEqualTo("fallback");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-27T23:30, mapo-night", // Friday night
            "2026-11-28T01:59, mapo-night", // Saturday early morning: Friday's window
            "2026-11-29T01:00, mapo-night", // Sunday early morning: Saturday's window
            "2026-11-30T01:00, fallback", // Monday early morning: Sunday has no window
            "2026-11-27T21:59, fallback",
            "2026-11-28T02:00, fallback" })
    void aWindowCanCrossMidnightAndBelongsToTheDayItStarts(String seoulTime, String rule) {
        assertThat(table.route(delivery("baemin", IN_MAPO, seoulTime)).ruleOrFallback()).isEqualTo(rule);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-28T00:00, true", // Saturday, first minute
            "2026-11-28T23:59, true", // Saturday, last minute
            "2026-11-29T00:00, false", // Sunday
            "2026-11-27T23:59, false" }) // Friday
    void toTwentyFourHundredRunsToTheEndOfTheDay(String seoulTime, boolean matches) {
        RuleSet wholeSaturday = new RuleSet("Asia/Seoul", List.of("in-house", "partner-a"), List.of(), List.of(
                RuleSets.rule("saturday", 1, List.of(), List.of(), new TimeWindow(List.of("SATURDAY"), "00:00",
                        "24:00"), List.of(new Share("partner-a", 1)))), "in-house");

        assertThat(wholeSaturday.compile().route(delivery("baemin", ELSEWHERE, seoulTime)).rule() != null)
                .isEqualTo(matches);
    }

    @Test
    void windowsAreReadInTheRuleSetsTimeZone() {
        // 12:00 in Seoul is 03:00 UTC: the lunch rule applies by Seoul's clock
        Instant noonInSeoul = Instant.parse("2026-11-26T03:00:00Z");
        var input = new RoutingInput(UUID.randomUUID(), "baemin", IN_GANGNAM[0], IN_GANGNAM[1], noonInSeoul);

        assertThat(table.route(input).ruleOrFallback()).isEqualTo("gangnam-lunch");
    }

    @Test
    void anOrderServiceRuleAppliesAnywhereAnyTime() {
        assertThat(table.route(delivery("yogiyo", ELSEWHERE, "2026-11-26T04:00")))
                .isEqualTo(new RoutingDecision("partner-a", "yogiyo-all"));
    }

    @Test
    void theRuleWithTheLowerPriorityNumberWinsWhenSeveralMatch() {
        // yogiyo at lunch in Gangnam matches gangnam-lunch (10) and yogiyo-all (30)
        assertThat(table.route(delivery("yogiyo", IN_GANGNAM, "2026-11-26T12:00")).rule())
                .isEqualTo("gangnam-lunch");

        RuleSet swapped = RuleSets.seoul();
        List<RoutingRule> rules = swapped.rules().stream().map(rule -> rule.id().equals("yogiyo-all")
                ? new RoutingRule(rule.id(), 5, rule.zones(), rule.orderServices(), rule.window(), rule.split())
                : rule).toList();
        RoutingTable reordered = new RuleSet(swapped.timeZone(), swapped.services(), swapped.zones(), rules,
                swapped.fallback()).compile();
        assertThat(reordered.route(delivery("yogiyo", IN_GANGNAM, "2026-11-26T12:00")).rule())
                .isEqualTo("yogiyo-all");
    }

    @Test
    void aWeightedSplitSendsEachServiceItsShareWithinTwoPercentOverTenThousandDeliveries() {
        Map<String, Long> counts = IntStream.range(0, 10_000)
                .mapToObj(i -> table.route(delivery("baemin", IN_GANGNAM, "2026-11-26T12:00")).deliveryService())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(counts.get("in-house") / 10_000.0).isCloseTo(0.70, within(0.02));
        assertThat(counts.get("partner-a") / 10_000.0).isCloseTo(0.30, within(0.02));
    }

    @Test
    void timeOrderedIdsAreSplitAsEvenlyAsRandomOnes() {
        // delivery ids are UUIDv7: 10,000 created in one burst share most of their high bits
        long base = System.currentTimeMillis() << 16;
        Map<String, Long> counts = IntStream.range(0, 10_000)
                .mapToObj(i -> new UUID(base + (i / 8), 0x8000_0000_0000_0000L | i))
                .map(id -> table.route(delivery(id, "baemin", IN_GANGNAM, "2026-11-26T12:00")).deliveryService())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(counts.get("in-house") / 10_000.0).isCloseTo(0.70, within(0.02));
    }

    @Test
    void theSameDeliveryAlwaysGetsTheSameServiceUnderTheSameRule() {
        List<UUID> ids = IntStream.range(0, 1_000).mapToObj(i -> UUID.randomUUID()).toList();
        RoutingTable again = RuleSets.seoul().compile();

        for (UUID id : ids) {
            RoutingInput input = delivery(id, "baemin", IN_GANGNAM, "2026-11-26T12:00");
            assertThat(again.route(input)).isEqualTo(table.route(input));
        }
    }

    @Test
    void zoneBoundariesAreInclusive() {
        BigDecimal[] corner = { RuleSets.GANGNAM.south(), RuleSets.GANGNAM.east() };
        BigDecimal[] justOutside = { RuleSets.GANGNAM.south().subtract(new BigDecimal("0.000001")),
                RuleSets.GANGNAM.east() };

        assertThat(table.route(delivery("baemin", corner, "2026-11-26T12:00")).rule()).isEqualTo("gangnam-lunch");
        assertThat(table.route(delivery("baemin", justOutside, "2026-11-26T12:00")).rule()).isNull();
    }

    @Test
    void aSingleServiceSplitTakesEverything() {
        RuleSet oneService = new RuleSet("UTC", List.of("in-house", "partner-a"), List.of(), List.of(
                RuleSets.rule("all-yogiyo", 1, List.of(), List.of("yogiyo"), null,
                        List.of(new Share("partner-a", 5)))), "in-house");

        assertThat(IntStream.range(0, 100).mapToObj(i -> oneService.compile()
                .route(delivery("yogiyo", ELSEWHERE, "2026-11-26T12:00")).deliveryService()).distinct())
                .containsExactly("partner-a");
    }
}
