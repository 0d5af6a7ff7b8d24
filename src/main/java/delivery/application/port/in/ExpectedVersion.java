package delivery.application.port.in;

import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.jspecify.annotations.Nullable;

/**
 * The versions a caller accepts a change at: its {@code If-Match}. {@link #ANY} (no {@code If-Match}, or
 * {@code *}) changes whatever version is current; otherwise the delivery must be at one of {@code versions} when
 * the change commits. An empty set never matches (an {@code If-Match} of weak tags only).
 */
public record ExpectedVersion(boolean any, @NotNull Set<@NotNull @Positive Long> versions) {

    public static final ExpectedVersion ANY = new ExpectedVersion(true, Set.of());

    public ExpectedVersion {
        versions = Set.copyOf(versions);
    }

    public static ExpectedVersion oneOf(Set<Long> versions) {
        return new ExpectedVersion(false, versions);
    }

    /** {@link #ANY} for {@code null}, else exactly that version. */
    public static ExpectedVersion of(@Nullable Long version) {
        return version == null ? ANY : new ExpectedVersion(false, Set.of(version));
    }

    public boolean admits(long version) {
        return any || versions.contains(version);
    }

    @Override
    public String toString() {
        if (any) {
            return "any version";
        }
        return versions.isEmpty() ? "no version (weak entity tags never match)"
                : versions.size() == 1 ? "version " + versions.iterator().next()
                : "one of versions " + new TreeSet<>(versions);
    }
}
