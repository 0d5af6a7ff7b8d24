package routing.application.port.out;

import java.util.List;
import java.util.Optional;

import routing.domain.RuleSetVersion;

/** Saved rule set versions. Versions are only ever added; the highest is the one to route with. */
public interface LoadRuleSetsPort {

    RuleSetVersion latest();

    long latestVersion();

    Optional<RuleSetVersion> find(long version);

    /** The newest versions first. */
    List<RuleSetVersion> newest(int limit);
}
