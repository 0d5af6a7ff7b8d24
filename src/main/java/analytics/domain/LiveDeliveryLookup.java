package analytics.domain;

/**
 * Where one in-progress delivery's live record is: the live stores are partitioned like {@code delivery.integrated},
 * so an instance keeps only its partitions' deliveries and knows which instance keeps the others.
 */
public sealed interface LiveDeliveryLookup {

    /** In progress, answered here. */
    record Found(IntegratedDelivery delivery) implements LiveDeliveryLookup {
    }

    /** Not in progress: finished, expired, or never seen. */
    record NotInProgress() implements LiveDeliveryLookup {
    }

    /** Its partition is kept by another instance, reachable at {@code hostAndPort}. */
    record KeptElsewhere(String hostAndPort) implements LiveDeliveryLookup {
    }
}
