package platform;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test application context at the shared {@link TestServers}. */
public class TestServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestServers servers = TestServers.get();
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("testServers", servers.applicationProperties()));
        servers.register(context);
    }
}
