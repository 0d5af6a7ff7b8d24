package delivery.domain;

import java.util.Objects;
import java.util.UUID;

/** Identity of a delivery: a time-ordered UUID (version 7), so new rows append to the primary-key index. */
public record DeliveryId(UUID value) {

    public DeliveryId {
        Objects.requireNonNull(value, "value");
    }

    public static DeliveryId newId() {
        return new DeliveryId(TimeOrderedUuids.next());
    }

    public static DeliveryId parse(String text) {
        return new DeliveryId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
