package platform.security;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
public record SecurityProperties(@DefaultValue Map<String, @Valid User> users,
        @DefaultValue List<String> allowedOrigins) {

    @ConstructorBinding
    public SecurityProperties {
    }

    public SecurityProperties(Map<String, User> users) {
        this(users, List.of());
    }

    /**
     * @param password null when not set: the start-up check explains what a valid hash looks like
     * @param roles    at least one: a user without a role could call nothing
     */
    public record User(@Nullable String password, @DefaultValue @NotEmpty List<Role> roles) {
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
