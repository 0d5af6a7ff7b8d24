package platform.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import platform.security.EmbeddedTokenIssuer;

/**
 * Starts the embedded MariaDB and Kafka broker before the first bean is created and points the application at
 * them. Added in {@code main()} rather than through {@code spring.factories} so that test contexts, which bring
 * their own servers, never start a second pair.
 *
 * <p>Stops are registered as disposable beans ahead of every application bean: Spring destroys in reverse
 * order, so the broker goes after all Kafka clients and the database last, after the relay and the pool.
 */
public class EmbeddedInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        EmbeddedProperties properties = bind(environment);
        if (!properties.enabled()) {
            return;
        }
        var dataDir = properties.dataDir();
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(dataDir.resolve("mariadb"), properties.mariadb().port(),
                properties.mariadb().database());
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), properties.kafka().port(),
                    properties.kafka().controllerPort());
        } catch (RuntimeException e) {
            mariaDb.close();
            throw e;
        }

        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("spring.datasource.url", mariaDb.jdbcUrl());
        connection.put("spring.datasource.username", EmbeddedMariaDb.APP_USER);
        connection.put("spring.datasource.password", mariaDb.appPassword());
        connection.put("relay.cdc.username", EmbeddedMariaDb.CDC_USER);
        connection.put("relay.cdc.password", mariaDb.cdcPassword());
        connection.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        connection.putAll(EmbeddedTokenIssuer.verifierProperties(dataDir));
        environment.getPropertySources().addFirst(new MapPropertySource("relayEmbeddedServers", connection));

        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerDisposableBean("embeddedMariaDb", mariaDb::close);
        beans.registerDisposableBean("embeddedKafkaBroker", broker::close);
    }

    /** The same binding and validation the bean of this record gets later, before anything is started with it. */
    private static EmbeddedProperties bind(ConfigurableEnvironment environment) {
        try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
            validator.afterPropertiesSet();
            return Binder.get(environment).bindOrCreate("relay.embedded", Bindable.of(EmbeddedProperties.class),
                    new ValidationBindHandler(validator));
        }
    }
}
