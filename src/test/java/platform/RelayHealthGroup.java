package platform;

import java.util.LinkedHashMap;
import java.util.Map;

import platform.HttpApi.Reply;

/** Reads the answer of {@code /actuator/health/relay} (as an operator or viewer sees it, with details). */
public final class RelayHealthGroup {

    private RelayHealthGroup() {
    }

    /** Each shard's binlog reader as the relay group reports it: shard table → {@code CONNECTED}, {@code ABSENT}, ... */
    public static Map<String, String> readers(Reply relayGroup) {
        Map<String, String> readers = new LinkedHashMap<>();
        relayGroup.json().path("components").path("outboxRelay").path("components").properties()
                .forEach(shard -> readers.put(shard.getKey(), shard.getValue().path("details").path("reader")
                        .asString()));
        return readers;
    }
}
