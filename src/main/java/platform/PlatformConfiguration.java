package platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
