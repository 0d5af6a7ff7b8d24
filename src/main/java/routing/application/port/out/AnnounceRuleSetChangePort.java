package routing.application.port.out;

/** Tells the other instances that a new rule set version was saved. */
public interface AnnounceRuleSetChangePort {

    void announce(long version);
}
