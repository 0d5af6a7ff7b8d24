package platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import platform.persistence.OutcomeAwareTransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PlatformConfiguration {

    static {
        // jOOQ prints a banner and a "tip of the day" on first use unless told not to
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Boot's template, telling a rolled-back change from one whose commit went unanswered. */
    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new OutcomeAwareTransactionTemplate(transactions);
    }

    /**
     * The error codes of MySQL and MariaDB for Spring's {@code JdbcTemplate}, which the persistence adapters run their
     * rendered statements through: the translator Boot's jOOQ set-up uses for jOOQ's statements. Without it
     * {@code JdbcTemplate} translates by exception subclass only, and MariaDB's driver reports a lock wait timeout
     * (1205, SQLState HY000) as a plain {@code SQLException}: an uncategorized error (500) instead of
     * {@code CannotAcquireLockException}, which is transient (503, safe to retry).
     */
    @Bean
    SQLExceptionTranslator sqlExceptionTranslator() {
        return new SQLErrorCodeSQLExceptionTranslator("MySQL");
    }

    /**
     * Prometheus is open to scrapers without credentials; the disk space gauges' {@code path} tag would show them
     * the absolute path of the data directory. One path is measured (the working directory), so the tag says
     * nothing a scraper needs.
     */
    @Bean
    MeterFilter noDiskPathTag() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().startsWith("disk.") && id.getTag("path") != null) {
                    return id.replaceTags(id.getTags().stream().filter(tag -> !tag.getKey().equals("path"))
                            .toList());
                }
                return id;
            }
        };
    }
}
