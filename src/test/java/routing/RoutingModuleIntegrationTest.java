package routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import delivery.DeliveryRelayApplication;
import routing.adapter.in.bus.RouteRuleRemoteEvent;
import routing.application.RoutingProperties;
import routing.application.port.in.ManageRoutingRulesUseCase;
import routing.application.port.in.ManageRoutingRulesUseCase.ReplaceRuleSetCommand;
import routing.domain.RuleSets;
import platform.ModuleTestSupport;
import platform.TestServersInitializer;

/**
 * The routing module alone, on the shared MariaDB and Kafka: a saved rule set is active here at once and announced
 * to the instances of the reload group as a bus event carrying only the new version.
 */
@ApplicationModuleTest(classes = DeliveryRelayApplication.class)
@ContextConfiguration(initializers = TestServersInitializer.class)
// the outbox module's beans, and with them the relay health group's member, are not part of this module's context
@TestPropertySource(properties = "management.endpoint.health.validate-group-membership=false")
@Import(ModuleTestSupport.class)
class RoutingModuleIntegrationTest {

    final ManageRoutingRulesUseCase rules;
    final RoutingProperties properties;

    RoutingModuleIntegrationTest(ManageRoutingRulesUseCase rules, RoutingProperties properties) {
        this.rules = rules;
        this.properties = properties;
    }

    @Test
    void aSavedRuleSetIsActiveHereAndAnnouncedToTheReloadGroup(Scenario scenario) {
        long before = rules.latest().version();

        scenario.stimulate(() -> rules.replace(new ReplaceRuleSetCommand(RuleSets.seoul(), before, "kim", "module test")))
                .andWaitForEventOfType(RouteRuleRemoteEvent.class)
                .toArriveAndVerify((announced, saved) -> {
                    assertThat(announced.getVersion()).isEqualTo(saved.version()).isEqualTo(before + 1);
                    assertThat(announced.getDestinationService()).isEqualTo(properties.reloadGroup() + ":**");
                    assertThat(rules.status().activeVersion()).isEqualTo(saved.version());
                });
    }
}
