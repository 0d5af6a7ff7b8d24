package platform.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a server starts, so that a clash is reported in one line rather than a bind trace. */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** Below Linux's ephemeral range (32768-60999), which outgoing connections draw their local ports from. */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;

    /**
     * A port that was free on 127.0.0.1 a moment ago (for tests and {@code port=0}). Chosen outside the ephemeral
     * range: a port the OS hands out for {@code bind(0)} can meanwhile become the local end of some outgoing
     * connection, and the server that was meant to listen on it then fails to start.
     */
    public static int free() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST, HIGHEST);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free local port", e);
        }
    }

    static int resolve(int configured) {
        return configured == 0 ? free() : configured;
    }

    static void requireFree(int port, String what, String property) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "Port " + port + " for the " + what + " is already in use.",
                    "Stop the process that holds port " + port + " (another instance of this service?) or set "
                            + property + " to a free port.");
        }
    }
}
