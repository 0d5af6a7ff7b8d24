package faultsuite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The private CA and server certificates {@code scripts/make-certs} writes: what each server and client of the
 * long form is given when it runs with TLS on every link.
 */
record TlsMaterial(Path dir, String password) {

    /** Runs {@code scripts/make-certs} into {@code dir} (keeps what is there) and reads the store password. */
    static TlsMaterial make(Path dir) throws IOException, InterruptedException {
        Path absolute = dir.toAbsolutePath().normalize();
        Process script = new ProcessBuilder("scripts/make-certs", absolute.toString()).inheritIO().start();
        if (!script.waitFor(2, TimeUnit.MINUTES) || script.exitValue() != 0) {
            throw new IllegalStateException("scripts/make-certs failed");
        }
        return new TlsMaterial(absolute, Files.readString(absolute.resolve("store.password")).trim());
    }

    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    Path certificate(String server) {
        return dir.resolve(server + ".crt");
    }

    Path privateKey(String server) {
        return dir.resolve(server + ".key");
    }

    Path keyStore(String server) {
        return dir.resolve(server + ".p12");
    }

    Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** Kafka client settings for SASL_SSL with SCRAM: the same for every client (application, tools, checker). */
    Map<String, String> kafkaClient(String user, String userPassword) {
        Map<String, String> client = new LinkedHashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("ssl.truststore.location", trustStore().toString());
        client.put("ssl.truststore.password", password);
        client.put("ssl.truststore.type", "PKCS12");
        client.put("sasl.mechanism", KafkaServer.SCRAM_MECHANISM);
        client.put("sasl.jaas.config", KafkaServer.scramLogin(user, userPassword));
        return client;
    }
}
