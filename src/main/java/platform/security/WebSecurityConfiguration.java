package platform.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import com.github.benmanes.caffeine.cache.Ticker;

import jakarta.servlet.DispatcherType;

import platform.embedded.EmbeddedProperties;
import platform.security.SecurityProperties.Role;
import platform.web.ProblemRenderer;

/**
 * Who may call what. Order and delivery services (role {@code ORDER_SERVICE}) drive deliveries; operators
 * ({@code OPERATOR}) change routing rules; {@code VIEWER}s read. Health and Prometheus metrics are open to
 * load balancers and scrapers; everything else needs a user. HTTP Basic without sessions: every request carries
 * its credentials, as API clients do.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SecurityProperties.class, EmbeddedProperties.class })
class WebSecurityConfiguration {

    /**
     * Slow, salted password hashes only; a bcrypt hash is also checked for its shape, so that a password pasted
     * after {@code {bcrypt}} fails at start-up instead of locking its user out.
     */
    static final Pattern ACCEPTED_HASH = Pattern.compile(
            "\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}"
                    + "|\\{(argon2|pbkdf2|scrypt)(@SpringSecurity_v5_8)?}\\S+");

    /** How long a verified bearer token is taken without checking its signature again (Spring's key-set cache time). */
    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    /** Verified tokens kept at most: callers are services with a token each, so a few thousand is plenty. */
    static final long VERIFIED_TOKENS_KEPT = 10_000;

    /** The JWT claim that lists a caller's roles ({@link Role} names), as our issuers put them in tokens. */
    static final String ROLES_CLAIM = "roles";

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
     * methods (nothing here handles TRACE, so nothing is ever echoed). Header values are checked for the default's
     * characters without its regular expression ({@link AllowedHeaderValues}: the expression was 4 % of the CPU).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"));
        firewall.setAllowedHeaderValues(AllowedHeaderValues::allowed);
        return firewall;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
            ProblemResponses problems, ProblemRenderer renderer, Clock clock) throws Exception {
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
                // the error page: errors of every request, and a 404 problem when called directly
                .requestMatchers("/error").permitAll()
                // the API's description and its browser UI, for signed-in users of any role
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                        "/swagger-ui.html", "/swagger-ui/**")
                        .hasAnyRole(Role.OPERATOR.name(), Role.VIEWER.name(), Role.ORDER_SERVICE.name())
                .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(readers)
                .requestMatchers(HttpMethod.POST, "/admin/analytics/archive/query").hasAnyRole(readers)
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
                // in CSRF protection's place (off here): before any authentication, Basic or Bearer
                .addFilterAt(new SameOriginWritesFilter(allowedOrigins(properties), renderer), CsrfFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
                // --- end browsers ---
        JwtDecoder signatureVerifier = jwtDecoder.getIfAvailable();
        if (signatureVerifier != null) {
            // bearer tokens for services, next to Basic for people: a JWT is checked against the issuer's public
            // key in microseconds, where a slow password hash costs milliseconds on every request; a token seen
            // and verified before is not verified again for a while (VerifiedTokenCache); the header's token is
            // taken out as Spring's resolver does, without its regular expression (WellFormedBearerTokenResolver)
            JwtDecoder decoder = new VerifiedTokenCache(signatureVerifier, VERIFIED_TOKEN_MAX_AGE, VERIFIED_TOKENS_KEPT,
                    clock, Ticker.systemTicker());
            http.oauth2ResourceServer(tokens -> tokens.bearerTokenResolver(new WellFormedBearerTokenResolver())
                    .jwt(jwt -> jwt.decoder(decoder))
                    .authenticationEntryPoint(problems).accessDeniedHandler(problems));
        }
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

    /** Roles from the {@value #ROLES_CLAIM} claim, as {@code ROLE_<name>} authorities like Basic users' roles. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    /** The embedded run's tokens for its generated users (see {@link EmbeddedTokenIssuer}); nothing elsewhere. */
    @Bean
    @ConditionalOnBooleanProperty(name = "relay.embedded.enabled", matchIfMissing = true)
    ApplicationRunner embeddedBearerTokens(EmbeddedProperties embeddedRun,
            OAuth2ResourceServerProperties resourceServer, Clock clock) {
        return arguments -> EmbeddedTokenIssuer.tokensFor(embeddedRun.dataDir(), GeneratedCredentials.ROLES,
                resourceServer.getJwt().getAudiences(), clock);
    }

    /**
     * Hashes stay as configured; the one hash this encoder makes is the dummy that Spring Security checks for an
     * unknown user name. It gets the same algorithm and cost as the configured users' hashes, so that an unknown
     * name costs what a wrong password costs: no user-enumeration signal, and no cheap way to burn CPU with a
     * slower hash than any real user has (Spring's default dummy is bcrypt cost 10: ~70 ms where our generated
     * users cost ~1 ms).
     */
    @Bean
    PasswordEncoder passwordEncoder(HttpUsers httpUsers) {
        return TimingMatchedPasswordEncoder.forHashes(
                httpUsers.users().stream().map(UserDetails::getPassword).toList());
    }

    @Bean
    HttpUsers httpUsers(SecurityProperties properties, EmbeddedProperties embeddedRun) {
        boolean embedded = embeddedRun.enabled();
        Path dataDir = embeddedRun.dataDir();
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
        return new HttpUsers(users);
    }

    @Bean
    UserDetailsService users(HttpUsers httpUsers) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(httpUsers.users());
        // only the lookup, not the manager itself: the manager is also a UserDetailsPasswordService, and with one
        // Spring Security "upgrades" every hash below bcrypt's default cost to cost 10 at the first login, after
        // which each request spends ~65 ms of CPU checking it (measured: the 1,000-delivery test went from 1 to
        // 4 minutes). The configured cost is a choice; keep it.
        return manager::loadUserByUsername;
    }

    /** The configured (or, on the embedded run, generated) HTTP Basic users, their hashes as configured. */
    record HttpUsers(List<UserDetails> users) {
    }
}
