package delivery.application.port.in;

import java.time.Instant;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.jspecify.annotations.Nullable;

/** Checks {@link StorableTime}. */
public final class StorableTimeValidator implements ConstraintValidator<StorableTime, Instant> {

    private static final Instant FROM = Instant.parse(StorableTime.EARLIEST);
    private static final Instant TO = Instant.parse(StorableTime.LATEST);

    @Override
    public boolean isValid(@Nullable Instant value, ConstraintValidatorContext context) {
        return value == null || !value.isBefore(FROM) && !value.isAfter(TO);
    }
}
