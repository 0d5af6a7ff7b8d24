package delivery.domain;

import java.math.BigDecimal;

/**
 * An address with coordinates. Coordinates are kept without trailing zeros, so that 37.4981 read back from a
 * {@code DECIMAL(9,6)} column (37.498100) is the same value in the same form everywhere, events included.
 */
public record Place(String address, BigDecimal latitude, BigDecimal longitude) {

    public Place {
        latitude = latitude.stripTrailingZeros();
        longitude = longitude.stripTrailingZeros();
    }

    public boolean sameAs(Place other) {
        return address.equals(other.address) && latitude.compareTo(other.latitude) == 0
                && longitude.compareTo(other.longitude) == 0;
    }
}
