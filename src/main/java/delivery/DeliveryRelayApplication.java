package delivery;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.modulith.Modulithic;

import platform.embedded.EmbeddedInfrastructureInitializer;

/**
 * The delivery relay: one deployable holding four application modules, each a top-level package.
 */
@SpringBootApplication(scanBasePackages = {"delivery", "routing", "analytics", "outbox", "platform"})
@Modulithic(systemName = "Delivery Relay", useFullyQualifiedModuleNames = true,
        additionalPackages = {"routing", "analytics", "outbox"})
public class DeliveryRelayApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(DeliveryRelayApplication.class)
                .initializers(new EmbeddedInfrastructureInitializer())
                .run(args);
    }
}
