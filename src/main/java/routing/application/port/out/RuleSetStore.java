package routing.application.port.out;

import java.util.List;
import java.util.Optional;

import routing.domain.RuleSetVersion;

/** Saved rule set versions. Versions are only ever added; the highest is the active one. */
public interface RuleSetStore {

    RuleSetVersion latest();

    long latestVersion();

    Optional<RuleSetVersion> find(long version);

    /** The newest versions first. */
    List<RuleSetVersion> newest(int limit);

    /** Adds a version; fails with {@link VersionTakenException} if another writer added it first. */
    void append(RuleSetVersion version);

    class VersionTakenException extends RuntimeException {

        public VersionTakenException(long version, Throwable cause) {
            super("rule set version " + version + " was saved concurrently", cause);
        }
    }
}
