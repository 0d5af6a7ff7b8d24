package delivery.application.port.in;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;

import org.jspecify.annotations.Nullable;

/**
 * Commands check themselves in their canonical constructor, so an invalid command cannot exist whoever builds it
 * (a web adapter, a test, a future Kafka adapter). The constraints are Jakarta Validation annotations on the record
 * components; they apply to the constructor's parameters, which is what this validates before the fields are set.
 */
final class SelfValidating {

    private static final ExecutableValidator VALIDATOR;
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    static {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            VALIDATOR = validator.forExecutables();
        }
    }

    private SelfValidating() {
    }

    static void validate(Class<? extends Record> type, @Nullable Object... arguments) {
        Constructor<?> constructor = CONSTRUCTORS.computeIfAbsent(type, SelfValidating::canonicalConstructor);
        Set<? extends ConstraintViolation<?>> violations = VALIDATOR.validateConstructorParameters(constructor,
                arguments);
        if (!violations.isEmpty()) {
            List<InvalidCommandException.Violation> found = violations.stream()
                    .map(v -> new InvalidCommandException.Violation(field(v.getPropertyPath()), v.getMessage()))
                    .sorted(Comparator.comparing(InvalidCommandException.Violation::field))
                    .toList();
            throw new InvalidCommandException(type.getSimpleName(), found);
        }
    }

    private static Constructor<?> canonicalConstructor(Class<?> type) {
        Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    /** "HandOverDeliveryCommand.pickup.latitude" (constructor, parameter, property) becomes "pickup.latitude". */
    private static String field(Path path) {
        return StreamSupport.stream(path.spliterator(), false)
                .skip(1)
                .map(Path.Node::getName)
                .reduce((a, b) -> a + "." + b)
                .orElse("");
    }
}
