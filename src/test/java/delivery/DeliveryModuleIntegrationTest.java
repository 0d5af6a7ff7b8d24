package delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import delivery.DeliveryEvent.DeliveryCreated;
import delivery.DeliveryEvent.RiderAssigned;
import delivery.application.port.in.ExpectedVersion;
import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.HandOverDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryCommand.PlaceInput;
import delivery.application.port.in.HandOverDeliveryUseCase;
import delivery.application.port.in.ProgressDeliveryUseCase;
import delivery.domain.DeliveryId;
import platform.ModuleTestSupport;
import platform.TestServersInitializer;
import routing.DeliveryRouter;
import routing.Route;

/**
 * The delivery module alone (Spring Modulith bootstraps only its beans), on the shared MariaDB: it publishes its
 * events as application events in the transaction of the change, knowing nothing of who writes them where. Routing
 * is another module, so its API is answered by a fixed route here.
 */
@ApplicationModuleTest
@ContextConfiguration(initializers = TestServersInitializer.class)
// the outbox module's beans, and with them the relay health group's member, are not part of this module's context
@TestPropertySource(properties = "management.endpoint.health.validate-group-membership=false")
@Import({ ModuleTestSupport.class, DeliveryModuleIntegrationTest.FixedRoute.class })
class DeliveryModuleIntegrationTest {

    static final Route ROUTE = new Route("partner-a", "gangnam-lunch", 3);

    final HandOverDeliveryUseCase handOver;
    final ProgressDeliveryUseCase progress;

    DeliveryModuleIntegrationTest(HandOverDeliveryUseCase handOver, ProgressDeliveryUseCase progress) {
        this.handOver = handOver;
        this.progress = progress;
    }

    @Test
    void aHandOverPublishesDeliveryCreatedWithItsRoute(Scenario scenario) {
        String orderId = "module-" + UUID.randomUUID();

        scenario.stimulate(() -> handOver.handOver(command(orderId)))
                .andWaitForEventOfType(DeliveryCreated.class)
                .matching(created -> created.orderId().equals(orderId))
                .toArriveAndVerify((created, result) -> {
                    assertThat(created.deliveryId()).isEqualTo(result.delivery().id().value());
                    assertThat(created.sequence()).isEqualTo(1);
                    assertThat(created.deliveryService()).isEqualTo(ROUTE.deliveryService());
                    assertThat(created.routingRule()).isEqualTo(ROUTE.rule());
                    assertThat(created.routingRuleSetVersion()).isEqualTo(ROUTE.ruleSetVersion());
                });
    }

    @Test
    void aRiderAssignmentPublishesTheNextSequence(Scenario scenario) {
        DeliveryId id = handOver.handOver(command("module-" + UUID.randomUUID())).delivery().id();

        scenario.stimulate(() -> progress.assignRider(new AssignRiderCommand(id, "rider-7", ExpectedVersion.ANY)))
                .andWaitForEventOfType(RiderAssigned.class)
                .matching(assigned -> assigned.deliveryId().equals(id.value()))
                .toArriveAndVerify(assigned -> {
                    assertThat(assigned.sequence()).isEqualTo(2);
                    assertThat(assigned.riderId()).isEqualTo("rider-7");
                });
    }

    private static HandOverDeliveryCommand command(String orderId) {
        PlaceInput shop = new PlaceInput("1 Teheran-ro", new BigDecimal("37.4981"), new BigDecimal("127.0276"));
        PlaceInput home = new PlaceInput("20 Yeoksam-ro", new BigDecimal("37.4952"), new BigDecimal("127.0331"));
        return new HandOverDeliveryCommand("baemin-orders", orderId, "Kimbap Heaven", shop, home,
                Instant.parse("2026-11-26T12:30:00Z"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedRoute {

        @Bean
        DeliveryRouter deliveryRouter() {
            return request -> ROUTE;
        }
    }
}
