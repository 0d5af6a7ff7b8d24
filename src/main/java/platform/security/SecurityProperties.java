package platform.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.security.*}: who may call the HTTP API.
 *
 * @param users by user name: a password hash with its encoder id ({@code {bcrypt}$2a$10$...}) and the user's
 *        roles ({@code OPERATOR}, {@code VIEWER}, {@code ORDER_SERVICE}). Empty on the embedded run: credentials
 *        are then generated into the data directory.
 * @param allowedOrigins origins ({@code https://ops.example.com}) besides the service's own whose pages may send
 *        state-changing requests from a browser
 */
@ConfigurationProperties("relay.security")
public record SecurityProperties(@DefaultValue Map<String, User> users, @DefaultValue List<String> allowedOrigins) {

    @ConstructorBinding
    public SecurityProperties {
    }

    public SecurityProperties(Map<String, User> users) {
        this(users, List.of());
    }

    public record User(String password, @DefaultValue List<Role> roles) {
    }

    /** What a caller may do; {@code hasRole} checks in {@link WebSecurityConfiguration} use these names. */
    public enum Role {
        /** changes routing rules; reads everything */
        OPERATOR,
        /** reads routing rules, history and deliveries; changes nothing */
        VIEWER,
        /** an order service or delivery service: hands over deliveries and reports their progress */
        ORDER_SERVICE
    }
}
