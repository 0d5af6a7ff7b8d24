package routing.adapter.in.bus;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * "Routing rule set {@code version} was saved": every instance of the destination group reloads from the
 * database. The event carries only the version, never the rules: the database stays the one source of truth, and
 * an instance that reloads late still gets the latest rules, not the ones in a stale message.
 */
public class RouteRuleRemoteEvent extends DestinationGroupRemoteEvent {

    private long version;

    /**
     * For the bus's JSON converter. {@link JsonCreator} because Jackson 3 with {@code -parameters} would otherwise
     * pick the other constructor and pass a null source, and the event would be dropped.
     */
    @JsonCreator
    RouteRuleRemoteEvent() {
    }

    public RouteRuleRemoteEvent(Object source, String originService, String destinationGroup, long version) {
        super(source, originService, destinationGroup);
        this.version = version;
    }

    public long getVersion() {
        return version;
    }
}
