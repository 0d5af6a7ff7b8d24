package routing.domain;

import java.math.BigDecimal;
import java.util.List;

import routing.domain.RoutingRule.Share;

/** Rule sets for tests, written the way an operator would. */
public final class RuleSets {

    public static final Zone GANGNAM = new Zone("gangnam", new BigDecimal("37.46"), new BigDecimal("127.01"),
            new BigDecimal("37.53"), new BigDecimal("127.11"));
    public static final Zone MAPO = new Zone("mapo", new BigDecimal("37.53"), new BigDecimal("126.88"),
            new BigDecimal("37.58"), new BigDecimal("126.96"));

    private RuleSets() {
    }

    /** Gangnam at lunch split 70/30, late-night Mapo to a partner, one order service pinned, in-house otherwise. */
    public static RuleSet seoul() {
        return new RuleSet("Asia/Seoul", List.of("in-house", "partner-a", "partner-b"), List.of(GANGNAM, MAPO),
                List.of(
                        rule("gangnam-lunch", 10, List.of("gangnam"), List.of(),
                                new TimeWindow(List.of(), "11:00", "14:00"),
                                List.of(new Share("in-house", 70), new Share("partner-a", 30))),
                        rule("mapo-night", 20, List.of("mapo"), List.of(),
                                new TimeWindow(List.of("FRIDAY", "SATURDAY"), "22:00", "02:00"),
                                List.of(new Share("partner-b", 1))),
                        rule("yogiyo-all", 30, List.of(), List.of("yogiyo"), null,
                                List.of(new Share("partner-a", 1)))),
                "in-house");
    }

    public static RoutingRule rule(String id, Integer priority, List<String> zones, List<String> orderServices,
            TimeWindow window, List<Share> split) {
        return new RoutingRule(id, priority, zones, orderServices, window, split);
    }
}
