package platform.web;

import org.jspecify.annotations.Nullable;

/** A request body of an {@link IntakeGated} handler that names the order service it comes from, for shedding. */
public interface OrderServiceIntake {

    @Nullable String orderService();
}
