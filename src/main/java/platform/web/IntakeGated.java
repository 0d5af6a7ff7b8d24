package platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler method that takes new work in (the hand-over): the {@link IntakeGate} may refuse it. Other
 * handlers, the progress of existing deliveries among them, are never gated.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface IntakeGated {
}
