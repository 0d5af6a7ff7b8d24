package platform.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a server starts, so that a clash is reported in one line rather than a bind trace. */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (for tests and {@code port=0}). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
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
