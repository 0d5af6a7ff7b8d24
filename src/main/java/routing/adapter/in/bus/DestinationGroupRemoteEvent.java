package routing.adapter.in.bus;

import org.springframework.cloud.bus.event.RemoteApplicationEvent;

/**
 * A remote application event addressed to every instance of one group. Bus ids are {@code <group>:<instance>}, so
 * the destination {@code <group>:**} reaches each member of the group and no one else; Spring Cloud Bus drops
 * the event on instances whose id does not match before any listener sees it.
 */
public abstract class DestinationGroupRemoteEvent extends RemoteApplicationEvent {

    /** For the bus's JSON converter. */
    protected DestinationGroupRemoteEvent() {
    }

    protected DestinationGroupRemoteEvent(Object source, String originService, String destinationGroup) {
        super(source, originService, DEFAULT_DESTINATION_FACTORY.getDestination(destinationGroup + ":**"));
    }
}
