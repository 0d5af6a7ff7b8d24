package platform.embedded;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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
        EmbeddedServers servers = new EmbeddedServers();
        // registered before anything starts, so that a stop asked for from here on leaves no server running
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("embedded-servers-last-stop").unstarted(
                () -> servers.stopIfSpringDoesNot(context)));
        EmbeddedMariaDb mariaDb;
        EmbeddedKafkaBroker broker;
        try {
            mariaDb = EmbeddedMariaDb.start(dataDir.resolve("mariadb"), properties.mariadb().port(),
                    properties.mariadb().database());
            servers.mariaDb = mariaDb;
            broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), properties.kafka().port(),
                    properties.kafka().controllerPort());
            servers.broker = broker;
        } catch (RuntimeException e) {
            // stops what has started and tells the hook both are done, so the failed start exits at once
            servers.stopBroker();
            servers.stopMariaDb();
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
        beans.registerDisposableBean("embeddedMariaDb", servers::stopMariaDb);
        beans.registerDisposableBean("embeddedKafkaBroker", servers::stopBroker);
    }

    /**
     * How long the JVM's exit waits, once the context is no longer active, for the servers to be stopped before this
     * initializer's hook stops them itself. Spring stops them as its last beans, before the context turns inactive,
     * when it closes the context itself. A stop asked for while the context still starts (SIGTERM during start-up)
     * is the exception: the interrupted start-up thread carries it out, and Spring's shutdown hook does not wait for
     * that thread when it finds it waiting ({@code AbstractApplicationContext#close} marks the context inactive and
     * returns). Without this hook the JVM exited half-way through and left mariadbd running. That thread's clean-up
     * takes seconds (the readers have not started yet); the grace is also the longest a stop asked for before the
     * context is refreshed (Spring then never closes it) delays the JVM's exit.
     */
    static final Duration LAST_STOP_GRACE = Duration.ofSeconds(30);

    /**
     * The longest the hook waits for an active context to be closed, as Spring Boot's own shutdown hook does: a
     * context nobody closes ({@code spring.main.register-shutdown-hook=false}) or whose close is stuck must not keep
     * the JVM from exiting.
     */
    static final Duration CONTEXT_CLOSE_LIMIT = Duration.ofMinutes(10);

    /** what the hook prints when it steps in; tests look for it */
    public static final String HOOK_STEPPED_IN = "Stopping the embedded Kafka broker and MariaDB: the application did not";

    /** The two servers, as far as they have started, and whether Spring has stopped them. */
    private static final class EmbeddedServers {
        volatile @Nullable EmbeddedMariaDb mariaDb;
        volatile @Nullable EmbeddedKafkaBroker broker;
        private final CountDownLatch stoppedBySpring = new CountDownLatch(2);

        void stopMariaDb() {
            try {
                EmbeddedMariaDb server = mariaDb;
                if (server != null) {
                    server.close();
                }
            } finally {
                stoppedBySpring.countDown();
            }
        }

        void stopBroker() {
            try {
                EmbeddedKafkaBroker server = broker;
                if (server != null) {
                    server.close();
                }
            } finally {
                stoppedBySpring.countDown();
            }
        }

        void stopIfSpringDoesNot(ConfigurableApplicationContext context) {
            try {
                // a context Spring is closing stays active until its beans, the servers among them, are destroyed
                long closeDeadline = System.nanoTime() + CONTEXT_CLOSE_LIMIT.toNanos();
                while (context.isActive() && stoppedBySpring.getCount() > 0 && System.nanoTime() < closeDeadline) {
                    Thread.sleep(50);
                }
                if (!stoppedBySpring.await(LAST_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    // the logging system may be stopped by now (Spring Boot's hook stops it): say it on stderr
                    System.err.println(HOOK_STEPPED_IN + " stop them as it stopped");
                    try {
                        stopReportingOnStderr(this::stopBroker);
                    } finally {
                        stopReportingOnStderr(this::stopMariaDb);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void stopReportingOnStderr(Runnable stop) {
            try {
                stop.run();
            } catch (Throwable e) {
                System.err.println("Stopping an embedded server failed: " + e);
            }
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
