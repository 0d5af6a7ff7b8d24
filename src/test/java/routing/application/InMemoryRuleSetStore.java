package routing.application;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import routing.application.port.out.AnnounceRuleSetChangePort;
import routing.application.port.out.LoadRuleSetsPort;
import routing.application.port.out.SaveRuleSetPort;
import routing.domain.RuleSetVersion;

/** The rule set store and the bus as in-memory fakes: what was saved, and what was announced. */
class InMemoryRuleSetStore implements LoadRuleSetsPort, SaveRuleSetPort, AnnounceRuleSetChangePort {

    final ConcurrentSkipListMap<Long, RuleSetVersion> versions = new ConcurrentSkipListMap<>();
    final List<Long> announced = new ArrayList<>();
    /** a read that lags behind the writes, as from a replica: what latest() answers when set */
    RuleSetVersion staleLatest;

    InMemoryRuleSetStore(RuleSetVersion first) {
        versions.put(first.version(), first);
    }

    @Override
    public RuleSetVersion latest() {
        return staleLatest != null ? staleLatest : versions.lastEntry().getValue();
    }

    @Override
    public long latestVersion() {
        return staleLatest != null ? Long.MAX_VALUE : versions.lastKey();
    }

    @Override
    public Optional<RuleSetVersion> find(long version) {
        return Optional.ofNullable(versions.get(version));
    }

    @Override
    public List<RuleSetVersion> newest(int limit) {
        return versions.values().stream().sorted(Comparator.comparingLong(RuleSetVersion::version).reversed())
                .limit(limit).toList();
    }

    @Override
    public void append(RuleSetVersion version) {
        if (versions.putIfAbsent(version.version(), version) != null) {
            throw new VersionTakenException(version.version(), null);
        }
    }

    @Override
    public void announce(long version) {
        announced.add(version);
    }
}
