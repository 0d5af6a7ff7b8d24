package routing.application.port.in;

/** Keeps this instance's in-memory rule set up to date with the store. */
public interface ReloadRoutingRulesUseCase {

    /** A change to {@code version} was announced on the bus: load it unless already active. */
    void announced(long version);

    /** The safety net for a missed announcement: compares with the stored version and reloads if behind. */
    void catchUp();
}
