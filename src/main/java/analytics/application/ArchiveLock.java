package analytics.application;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * One writer at a time on the archive and the open batches: the consumer's thread (writing, clean-up at
 * assignment), erasures (HTTP threads) and retention (a scheduler thread). Each holds it for one short step (a
 * batch, one file, one day), so that an erasure over a large archive never stalls the consumer long enough to
 * lose its place in the group.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveLock {

    private final ReentrantLock lock = new ReentrantLock();

    <T> T call(Supplier<T> step) {
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable step) {
        call(() -> {
            step.run();
            return null;
        });
    }
}
