package routing.domain;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A named rectangle of the map, bounded by latitudes {@code south..north} and longitudes {@code west..east}
 * (inclusive). Rectangles are what dispatch teams draw around a district; they do not cross the antimeridian.
 */
public record Zone(@Nullable String name, @Nullable BigDecimal south, @Nullable BigDecimal west,
        @Nullable BigDecimal north, @Nullable BigDecimal east) {
}
