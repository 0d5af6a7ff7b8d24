package platform.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import platform.security.SecurityProperties.Role;
import platform.web.ProblemRenderer;

/**
 * Who may call what. Order and delivery services (role {@code ORDER_SERVICE}) drive deliveries; operators
 * ({@code OPERATOR}) change routing rules; {@code VIEWER}s read. Health and Prometheus metrics are open to
 * load balancers and scrapers; everything else needs a user. HTTP Basic without sessions: every request carries
 * its credentials, as API clients do.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class WebSecurityConfiguration {

    /**
     * Slow, salted password hashes only; a bcrypt hash is also checked for its shape, so that a password pasted
     * after {@code {bcrypt}} fails at start-up instead of locking its user out.
     */
    static final Pattern ACCEPTED_HASH = Pattern.compile(
            "\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}"
                    + "|\\{(argon2|pbkdf2|scrypt)(@SpringSecurity_v5_8)?}\\S+");

    /**
     * Also the {@link org.springframework.security.web.firewall.RequestRejectedHandler} Spring Security's
     * {@code WebSecurity} picks up: the firewall's refusals as problem details.
     */
    @Bean
    ProblemResponses problemResponses(ProblemRenderer renderer) {
        return new ProblemResponses(renderer);
    }

    /**
     * The default firewall, letting TRACE through to Spring MVC, which answers it with 405 and the path's real
     * methods (nothing here handles TRACE, so nothing is ever echoed).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"));
        return firewall;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        String[] readers = { Role.OPERATOR.name(), Role.VIEWER.name() };
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                // the error page: errors of every request, and a 404 problem when called directly
                .requestMatchers("/error").permitAll()
                // the API's description and its browser UI, for signed-in users of any role
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                        "/swagger-ui.html", "/swagger-ui/**")
                        .hasAnyRole(Role.OPERATOR.name(), Role.VIEWER.name(), Role.ORDER_SERVICE.name())
                .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(readers)
                .requestMatchers("/admin/**").hasRole(Role.OPERATOR.name())
                .requestMatchers(HttpMethod.GET, "/deliveries", "/deliveries/**")
                        .hasAnyRole(Role.ORDER_SERVICE.name(), Role.OPERATOR.name(), Role.VIEWER.name())
                .requestMatchers("/deliveries", "/deliveries/**").hasRole(Role.ORDER_SERVICE.name())
                .requestMatchers(HttpMethod.GET, "/actuator/**").hasAnyRole(readers)
                .anyRequest().denyAll())
                .httpBasic(basic -> basic.realmName(ProblemResponses.REALM).authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // an API called with credentials on every request: no session, so no CSRF token to protect it
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties,
            @Value("${relay.embedded.enabled:true}") boolean embedded,
            @Value("${relay.embedded.data-dir:./data}") Path dataDir) {
        List<UserDetails> users = new ArrayList<>();
        if (properties.users().isEmpty()) {
            if (!embedded) {
                throw new HttpUsersMisconfiguredException("No HTTP users configured, and with external servers "
                        + "(relay.embedded.enabled=false) none are generated.", "Set relay.security.users.<name>"
                        + ".password (a hash such as {bcrypt}$2a$10$...) and relay.security.users.<name>.roles "
                        + "(OPERATOR, VIEWER, ORDER_SERVICE) for each caller; see the README's \"Security\".");
            }
            // the generated passwords are 24 random characters (144 bits): a slow hash adds nothing against
            // guessing them, while bcrypt's default cost would spend ~50 ms of CPU on every order-service request
            BCryptPasswordEncoder fast = new BCryptPasswordEncoder(4);
            GeneratedCredentials.loadOrCreate(dataDir).forEach((name, generated) -> users.add(User.withUsername(name)
                    .password("{bcrypt}" + fast.encode(generated.password())).roles(generated.role().name()).build()));
        }
        for (Map.Entry<String, SecurityProperties.User> entry : properties.users().entrySet()) {
            String password = entry.getValue().password();
            if (password == null || !ACCEPTED_HASH.matcher(password).matches()) {
                throw new HttpUsersMisconfiguredException("relay.security.users." + entry.getKey() + ".password "
                        + "must be a password hash with its encoder id, and it is not.", "Hash the password, e.g. "
                        + "htpasswd -bnBC 10 \"\" 'the password' | tr -d ':\\n', and set {bcrypt}<that hash> "
                        + "({bcrypt}$2a$10$... with 53 characters after the cost; {argon2}, {pbkdf2} and {scrypt} "
                        + "work too). Plain passwords, {noop}, MD5 and SHA are refused.");
            }
            users.add(User.withUsername(entry.getKey()).password(password)
                    .roles(entry.getValue().roles().stream().map(Role::name).toArray(String[]::new)).build());
        }
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        // only the lookup, not the manager itself: the manager is also a UserDetailsPasswordService, and with one
        // Spring Security "upgrades" every hash below bcrypt's default cost to cost 10 at the first login, after
        // which each request spends ~65 ms of CPU checking it (measured: the 1,000-delivery test went from 1 to
        // 4 minutes). The configured cost is a choice; keep it.
        return manager::loadUserByUsername;
    }
}
