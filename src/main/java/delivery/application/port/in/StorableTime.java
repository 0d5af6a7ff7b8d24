package delivery.application.port.in;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A time the database stores exactly: from {@value #EARLIEST} to {@value #LATEST}. {@code DATETIME(6)} holds years
 * 1000 to 9999 only, and dates before the Gregorian reform (1582-10-15) go through the JDBC driver's hybrid Julian
 * calendar and come back as other days; a delivery's times are all well inside this range.
 */
@Documented
@Constraint(validatedBy = StorableTimeValidator.class)
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableTime {

    String EARLIEST = "1970-01-01T00:00:00Z";
    String LATEST = "9999-12-31T23:59:59.999999Z";

    String message() default "must be from " + EARLIEST + " to " + LATEST;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
