package outbox.adapter.out.jmx;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.springframework.stereotype.Component;

import outbox.application.port.out.ReadReaderConnectionPort;
import outbox.domain.OutboxShard;
import outbox.domain.ReaderConnection;

/**
 * A shard reader's connection as Debezium itself reports it: its streaming metrics MBean
 * ({@code debezium.<connector>:type=connector-metrics,context=streaming,server=<reader name>}), attribute
 * {@code Connected}, which is the binlog client's own connection state; while a snapshot runs, the snapshot MBean's
 * {@code SnapshotRunning}. These MBeans are Debezium's documented monitoring interface; the embedded engine offers
 * no other way to its connector task. A reader that is not running has no MBean.
 */
@Component
class DebeziumReaderMetrics implements ReadReaderConnectionPort {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Override
    public ReaderConnection connection(OutboxShard shard) {
        try {
            Set<ObjectName> streaming = server.queryNames(metrics("streaming", shard), null);
            if (streaming.isEmpty()) {
                return ReaderConnection.ABSENT;
            }
            for (ObjectName name : streaming) {
                if (Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
                    return ReaderConnection.CONNECTED;
                }
            }
            for (ObjectName name : server.queryNames(metrics("snapshot", shard), null)) {
                if (Boolean.TRUE.equals(server.getAttribute(name, "SnapshotRunning"))) {
                    return ReaderConnection.CONNECTED;
                }
            }
            return ReaderConnection.DISCONNECTED;
        } catch (JMException e) {
            // the reader stopped between the query and the read: its MBean is gone
            return ReaderConnection.ABSENT;
        }
    }

    private static ObjectName metrics(String context, OutboxShard shard) throws JMException {
        return new ObjectName("debezium.*:type=connector-metrics,context=" + context + ",server="
                + shard.readerName() + ",*");
    }
}
