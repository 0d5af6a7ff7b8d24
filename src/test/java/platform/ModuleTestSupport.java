package platform;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What an {@code @ApplicationModuleTest} context needs from {@code platform}, which Spring Modulith leaves out of a
 * module's test context because it is not a module: the clock every module reads time from. Module tests point
 * their context at {@link TestServers} with {@link TestServersInitializer}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ModuleTestSupport {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
