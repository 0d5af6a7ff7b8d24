package routing.application.port.out;

/** Tells the other instances that a new rule set version was saved. */
public interface RuleSetChangeNotifier {

    void announce(long version);
}
