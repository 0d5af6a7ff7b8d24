package analytics.adapter.in.streams;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Locale;
import java.security.SecureRandom;

/**
 * The Streams client's static group member id ({@code group.instance.id}): unique per instance and the same
 * across its restarts, so that a restarted instance takes its tasks straight back.
 *
 * <p>It used to be {@code <application name>-${HOSTNAME}}; shells and systemd do not export {@code HOSTNAME}, so
 * every instance was {@code …-localhost} and the second one fenced the first ({@code FencedInstanceIdException}).
 * Now it is made once and kept in the Streams state directory, which is per instance anyway: Kafka Streams refuses
 * to run two clients of one application on one state directory, so two instances can never share this id.
 * The file sits next to the application's state folder, not in it, so that a state reset does not change it.
 */
final class StaticMemberId {

    private StaticMemberId() {
    }

    static String loadOrCreate(Path stateDir, String applicationId) {
        Path file = stateDir.resolve(applicationId + ".member-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            String id = applicationId + "-" + host() + "-" + HexFormat.of().formatHex(random);
            Files.createDirectories(stateDir);
            Path written = Files.writeString(Files.createTempFile(stateDir, ".member-id", ".tmp"), id + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot keep the Kafka Streams member id in " + file + " (" + e
                    + "): make spring.kafka.streams.state-dir a writable directory of this instance's own, or set "
                    + "spring.kafka.streams.properties.group.instance.id to an id unique to this instance", e);
        }
    }

    /** only to make the id readable in the group's member list; uniqueness comes from the random part */
    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            String safe = name.replaceAll("[^a-z0-9.-]", "");
            return safe.isEmpty() ? "host" : safe.length() > 40 ? safe.substring(0, 40) : safe;
        } catch (IOException e) {
            return "host";
        }
    }
}
