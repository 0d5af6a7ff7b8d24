package routing.application.port.out;

import routing.domain.RuleSetVersion;

public interface SaveRuleSetPort {

    /** Adds a version; fails with {@link VersionTakenException} if another writer added it first. */
    void append(RuleSetVersion version);

    class VersionTakenException extends RuntimeException {

        public VersionTakenException(long version, Throwable cause) {
            super("rule set version " + version + " was saved concurrently", cause);
        }
    }
}
