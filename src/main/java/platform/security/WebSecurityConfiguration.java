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
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import jakarta.servlet.DispatcherType;

import platform.security.SecurityProperties.Role;

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

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        String[] readers = { Role.OPERATOR.name(), Role.VIEWER.name() };
        http.authorizeHttpRequests(requests -> requests
                // --- live board and analytics (issue 10) ---
                // the board's event stream continues on an async dispatch, which Spring Security checks again
                // (spring-security#16266): the request was authorized when it began
                .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                .requestMatchers(HttpMethod.GET, "/analytics/**", "/board", "/board/**", "/webjars/**")
                        .hasAnyRole(readers)
                // --- end live board and analytics ---
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                .requestMatchers("/error").permitAll()
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
                .requestCache(cache -> cache.disable())
                // --- browsers hold operators' credentials (live board, issue 10) ---
                // without sessions there is no CSRF token to check; refuse other sites' pages by their Origin
                .addFilterBefore(new SameOriginWritesFilter(allowedOrigins(properties)),
                        BasicAuthenticationFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
                // --- end browsers ---
        return http.build();
    }

    /**
     * Pages may only run this service's own scripts and styles and talk to it: no inline script, no framing, no
     * plug-ins. The board keeps its script and style in files for this.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private static java.util.Set<String> allowedOrigins(SecurityProperties properties) {
        java.util.Set<String> origins = new java.util.HashSet<>();
        for (String origin : properties.allowedOrigins()) {
            String normalized = SameOriginWritesFilter.normalize(origin);
            if (normalized == null) {
                throw new IllegalArgumentException("relay.security.allowed-origins: '" + origin
                        + "' is not an origin like https://ops.example.com");
            }
            origins.add(normalized);
        }
        return origins;
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
