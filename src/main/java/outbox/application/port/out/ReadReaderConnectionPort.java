package outbox.application.port.out;

import outbox.domain.OutboxShard;
import outbox.domain.ReaderConnection;

public interface ReadReaderConnectionPort {

    /** Whether the shard's binlog reader in this process is connected; answers at once, without I/O. */
    ReaderConnection connection(OutboxShard shard);
}
