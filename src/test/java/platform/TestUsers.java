package platform;

import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The HTTP users every test application is configured with, one per role, as an operator would configure them:
 * password hashes in {@code relay.security.users.*}. The plain passwords stay here, on the caller's side.
 */
public final class TestUsers {

    public static final Credentials ORDER_SERVICE = new Credentials("orders", "orders-secret");
    public static final Credentials OPERATOR = new Credentials("ops", "ops-secret");
    public static final Credentials VIEWER = new Credentials("auditor", "auditor-secret");

    private static final BCryptPasswordEncoder CHEAP = new BCryptPasswordEncoder(4);
    private static final Map<String, String> PROPERTIES = Map.of(
            "relay.security.users.orders.password", "{bcrypt}" + CHEAP.encode(ORDER_SERVICE.password()),
            "relay.security.users.orders.roles", "ORDER_SERVICE",
            "relay.security.users.ops.password", "{bcrypt}" + CHEAP.encode(OPERATOR.password()),
            "relay.security.users.ops.roles", "OPERATOR",
            "relay.security.users.auditor.password", "{bcrypt}" + CHEAP.encode(VIEWER.password()),
            "relay.security.users.auditor.roles", "VIEWER");

    private TestUsers() {
    }

    public static Map<String, String> properties() {
        return PROPERTIES;
    }

    public record Credentials(String user, String password) {
    }
}
