package analytics.application.port.out;

import org.jspecify.annotations.Nullable;

/** How many records the analytics consumer group has not processed yet, cluster-wide; null if not measured. */
public interface ConsumerLagPort {

    @Nullable Long analyticsLagRecords();
}
