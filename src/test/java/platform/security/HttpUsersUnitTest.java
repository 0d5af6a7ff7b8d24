package platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import platform.embedded.EmbeddedProperties;
import platform.security.SecurityProperties.Role;
import platform.security.SecurityProperties.User;

class HttpUsersUnitTest {

    final WebSecurityConfiguration configuration = new WebSecurityConfiguration();

    @TempDir
    Path dataDir;

    EmbeddedProperties run(boolean embedded) {
        return new EmbeddedProperties(embedded, dataDir, new EmbeddedProperties.MariaDb(3307, "relay"),
                new EmbeddedProperties.Kafka(9092, 9093));
    }

    static SecurityProperties users(String password) {
        return new SecurityProperties(Map.of("kim", new User(password, List.of(Role.OPERATOR))));
    }

    @Test
    void aConfiguredCostFourHashStaysCostFourAfterLogins() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("kims-secret");
        UserDetailsService users = configuration.users(configuration.httpUsers(users(hash), run(false)));
        // wired as Spring Security wires it: a UserDetailsPasswordService, if there is one, gets the re-hash
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(configuration.passwordEncoder(configuration.httpUsers(users(hash), run(false))));
        if (users instanceof UserDetailsPasswordService upgrades) {
            provider.setUserDetailsPasswordService(upgrades);
        }

        for (int login = 0; login < 2; login++) {
            assertThat(provider.authenticate(new UsernamePasswordAuthenticationToken("kim", "kims-secret"))
                    .getAuthorities()).extracting(Object::toString).contains("ROLE_OPERATOR");
        }
        assertThat(users.loadUserByUsername("kim").getPassword()).isEqualTo(hash);
    }

    @ParameterizedTest
    @ValueSource(strings = { "secret", "{noop}secret", "{bcrypt}secret", "{MD5}5ebe2294ecd0e0f08eab7690d2a6ee69",
            "{SHA-256}2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b" })
    void anythingButASlowSaltedHashStopsStartUp(String password) {
        assertThatThrownBy(() -> configuration.httpUsers(users(password), run(false)))
                .isInstanceOf(HttpUsersMisconfiguredException.class)
                .hasMessageContaining("relay.security.users.kim.password must be a password hash");
    }

    @Test
    void externalServersWithoutUsersStopStartUpWithAnExplanationNotAStackTrace() {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> configuration.httpUsers(new SecurityProperties(Map.of()), run(false)));

        var analysis = new HttpUsersFailureAnalyzer().analyze(
                new org.springframework.beans.factory.BeanCreationException("users", "failed", failure));
        assertThat(analysis.getDescription()).contains("No HTTP users configured");
        assertThat(analysis.getAction()).contains("relay.security.users.<name>.password");
        // Boot logs the cause's stack trace at DEBUG only; the operator sees description and action
        assertThat(analysis.getCause()).isSameAs(failure);
    }

    @Test
    void theEmbeddedRunGeneratesOneUserPerRoleOnceAndKeepsThem() throws Exception {
        UserDetailsService first = configuration.users(configuration.httpUsers(new SecurityProperties(Map.of()), run(true)));
        String stored = Files.readString(dataDir.resolve(GeneratedCredentials.FILE));
        UserDetailsService second = configuration.users(configuration.httpUsers(new SecurityProperties(Map.of()), run(true)));

        assertThat(Files.readString(dataDir.resolve(GeneratedCredentials.FILE))).isEqualTo(stored);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(GeneratedCredentials.FILE)))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        for (UserDetailsService users : List.of(first, second)) {
            assertThat(users.loadUserByUsername("operator").getAuthorities()).extracting(Object::toString)
                    .containsExactly("ROLE_OPERATOR");
            assertThat(users.loadUserByUsername("viewer").getAuthorities()).extracting(Object::toString)
                    .containsExactly("ROLE_VIEWER");
            assertThat(users.loadUserByUsername("order-service").getAuthorities()).extracting(Object::toString)
                    .containsExactly("ROLE_ORDER_SERVICE");
        }
    }
}
