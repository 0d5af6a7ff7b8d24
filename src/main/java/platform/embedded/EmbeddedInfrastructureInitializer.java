package platform.embedded;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * order, so the broker goes after all Kafka clients and the database last, after the relay and the pool. A JVM
 * shutdown hook makes sure the JVM does not exit before they have stopped ({@link #LAST_STOP_GRACE}).
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

        CountDownLatch bothStopped = new CountDownLatch(2);
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerDisposableBean("embeddedMariaDb", () -> stop(mariaDb::close, bothStopped));
        beans.registerDisposableBean("embeddedKafkaBroker", () -> stop(broker::close, bothStopped));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("embedded-servers-last-stop").unstarted(
                () -> stopIfSpringDoesNot(context, broker, mariaDb, bothStopped)));
    }

    /**
     * How long the JVM's exit waits, once the context is no longer active, for the servers to be stopped before this
     * initializer's hook stops them itself. Spring stops them as its last beans, before the context turns inactive,
     * when it closes the context itself. A stop asked for while the context still starts (SIGTERM during start-up)
     * is the exception: the interrupted start-up thread carries it out, and Spring's shutdown hook does not wait for
     * that thread when it finds it waiting ({@code AbstractApplicationContext#close} marks the context inactive and
     * returns). Without this hook the JVM exited half-way through and left mariadbd running. That thread's clean-up
     * takes seconds (the readers have not started yet); the grace is also the longest a start that fails before the
     * context is refreshed (which Spring then never closes) delays the JVM's exit.
     */
    static final Duration LAST_STOP_GRACE = Duration.ofSeconds(30);

    private static void stopIfSpringDoesNot(ConfigurableApplicationContext context, EmbeddedKafkaBroker broker,
            EmbeddedMariaDb mariaDb, CountDownLatch bothStopped) {
        try {
            // a context Spring is closing stays active until its beans, the servers among them, are destroyed
            while (context.isActive() && bothStopped.getCount() > 0) {
                Thread.sleep(50);
            }
            if (!bothStopped.await(LAST_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                // the logging system may be stopped by now (Spring Boot's hook stops it): say it on stderr
                System.err.println("Stopping the embedded Kafka broker and MariaDB: the application did not stop them"
                        + " within " + LAST_STOP_GRACE.toSeconds() + " s of its context closing");
                stopReportingOnStderr(broker::close, bothStopped);
                stopReportingOnStderr(mariaDb::close, bothStopped);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopReportingOnStderr(Runnable close, CountDownLatch stopped) {
        try {
            stop(close, stopped);
        } catch (RuntimeException e) {
            System.err.println("Stopping an embedded server failed: " + e);
        }
    }

    private static void stop(Runnable close, CountDownLatch stopped) {
        try {
            close.run();
        } finally {
            stopped.countDown();
        }
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
