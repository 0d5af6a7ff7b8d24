package routing.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import routing.Route;
import routing.RouteRequest;
import routing.application.port.in.ManageRoutingRulesUseCase.ReplaceRuleSetCommand;
import routing.application.port.in.RuleSetVersionMismatchException;
import routing.domain.InvalidRuleSetException;
import routing.domain.RuleSet;
import routing.domain.RuleSetVersion;
import routing.domain.RuleSets;

class RoutingRulesUnitTest {

    static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z"); // noon in Seoul
    static final RuleSet IN_HOUSE_ONLY = new RuleSet("UTC", List.of("in-house"), List.of(), List.of(), "in-house");

    final InMemoryRuleSetStore store = new InMemoryRuleSetStore(
            new RuleSetVersion(1, IN_HOUSE_ONLY, "migration", NOW, null));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RoutingRules rules = new RoutingRules(store, store, store, Clock.fixed(NOW, ZoneOffset.UTC), meters);

    static RouteRequest yogiyoOrder() {
        return new RouteRequest(UUID.randomUUID(), "yogiyo", new BigDecimal("35.1"), new BigDecimal("129.0"), NOW);
    }

    @Test
    void routesWithTheStoredRuleSetFromTheStart() {
        rules.afterSingletonsInstantiated();

        assertThat(rules.route(yogiyoOrder())).isEqualTo(new Route("in-house", "fallback", 1));
    }

    @Test
    void aSavedRuleSetIsTheNextVersionIsActiveAtOnceAndIsAnnounced() {
        RuleSetVersion saved = rules.replace(new ReplaceRuleSetCommand(RuleSets.seoul(), 1, "kim", "lunch split"));

        assertThat(saved.version()).isEqualTo(2);
        assertThat(store.latest().changedBy()).isEqualTo("kim");
        assertThat(rules.route(yogiyoOrder())).isEqualTo(new Route("partner-a", "yogiyo-all", 2));
        assertThat(store.announced).containsExactly(2L);
        assertThat(meters.get("routing.decisions").tag("service", "partner-a").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("routing.rules.active.version").gauge().value()).isEqualTo(2);
    }

    @Test
    void aSaveAgainstAnOlderVersionIsRefusedAndChangesNothing() {
        rules.replace(new ReplaceRuleSetCommand(RuleSets.seoul(), 1, "kim", null));

        assertThatThrownBy(() -> rules.replace(new ReplaceRuleSetCommand(IN_HOUSE_ONLY, 1, "lee", null)))
                .isInstanceOfSatisfying(RuleSetVersionMismatchException.class,
                        e -> assertThat(e.latest()).isEqualTo(2));
        assertThat(store.latestVersion()).isEqualTo(2);
        assertThat(rules.status().activeVersion()).isEqualTo(2);
    }

    @Test
    void anInvalidRuleSetIsNeitherSavedNorAnnounced() {
        RuleSet invalid = new RuleSet("UTC", List.of("in-house"), List.of(), List.of(), "nobody");

        assertThatThrownBy(() -> rules.replace(new ReplaceRuleSetCommand(invalid, 1, "kim", null)))
                .isInstanceOf(InvalidRuleSetException.class);
        assertThat(store.latestVersion()).isEqualTo(1);
        assertThat(store.announced).isEmpty();
    }

    @Test
    void anAnnouncementLoadsTheNewVersionFromTheStore() {
        rules.afterSingletonsInstantiated();
        store.append(new RuleSetVersion(2, RuleSets.seoul(), "kim", NOW, null)); // saved by another instance

        assertThat(rules.route(yogiyoOrder()).ruleSetVersion()).as("not announced yet").isEqualTo(1);
        rules.announced(2);

        assertThat(rules.route(yogiyoOrder())).isEqualTo(new Route("partner-a", "yogiyo-all", 2));
    }

    @Test
    void theVersionCheckCatchesUpAfterAMissedAnnouncement() {
        rules.afterSingletonsInstantiated();
        store.append(new RuleSetVersion(2, RuleSets.seoul(), "kim", NOW, null));

        rules.catchUp();

        assertThat(rules.status().activeVersion()).isEqualTo(2);
        assertThat(rules.status().storedVersion()).isEqualTo(2);
    }

    @Test
    void aLateAnnouncementOfAnOlderVersionChangesNothing() {
        rules.replace(new ReplaceRuleSetCommand(RuleSets.seoul(), 1, "kim", null));
        rules.replace(new ReplaceRuleSetCommand(IN_HOUSE_ONLY, 2, "lee", null));

        rules.announced(2);

        assertThat(rules.status().activeVersion()).isEqualTo(3);
    }

    @Test
    void aReloadThatReadsAnOlderVersionThanTheActiveOneNeverRollsBack() {
        rules.replace(new ReplaceRuleSetCommand(RuleSets.seoul(), 1, "kim", null));
        rules.replace(new ReplaceRuleSetCommand(IN_HOUSE_ONLY, 2, "lee", null));
        store.staleLatest = store.find(2).orElseThrow(); // a slow reload that read version 2 before 3 was saved

        rules.catchUp();

        assertThat(rules.status().activeVersion()).isEqualTo(3);
        assertThat(rules.route(yogiyoOrder()).deliveryService()).isEqualTo("in-house");
    }

    @Test
    void theHistorySaysWhoChangedWhat() {
        rules.replace(new ReplaceRuleSetCommand(RuleSets.seoul(), 1, "kim", "Seoul rules"));

        var history = rules.history(10);

        assertThat(history).hasSize(2);
        assertThat(history.getFirst().version()).isEqualTo(2);
        assertThat(history.getFirst().changedBy()).isEqualTo("kim");
        assertThat(history.getFirst().note()).isEqualTo("Seoul rules");
        assertThat(history.getFirst().changes()).contains("service partner-a added", "rule gangnam-lunch added");
        assertThat(history.getLast().changes()).containsExactly("first version");
    }

    @Test
    void aDryRunWithACandidateSavesNothing() {
        var dryRun = rules.dryRun(RuleSets.seoul(), List.of(new routing.domain.RoutingInput(UUID.randomUUID(),
                "yogiyo", new BigDecimal("35.1"), new BigDecimal("129.0"), NOW)));

        assertThat(dryRun.ruleSetVersion()).isEmpty();
        assertThat(dryRun.results()).singleElement().extracting(r -> r.route().deliveryService())
                .isEqualTo("partner-a");
        assertThat(store.latestVersion()).isEqualTo(1);
        assertThat(store.announced).isEmpty();
    }
}
