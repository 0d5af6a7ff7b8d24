package delivery.domain;

import java.math.BigDecimal;

/** An address with coordinates, compared by value (latitude 1.50 equals 1.5). */
public record Place(String address, BigDecimal latitude, BigDecimal longitude) {

    public boolean sameAs(Place other) {
        return address.equals(other.address) && latitude.compareTo(other.latitude) == 0
                && longitude.compareTo(other.longitude) == 0;
    }
}
