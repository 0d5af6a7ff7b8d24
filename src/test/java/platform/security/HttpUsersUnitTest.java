package platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;

import platform.security.SecurityProperties.Role;
import platform.security.SecurityProperties.User;

class HttpUsersUnitTest {

    final WebSecurityConfiguration configuration = new WebSecurityConfiguration();

    @TempDir
    Path dataDir;

    static SecurityProperties users(String password) {
        return new SecurityProperties(Map.of("kim", new User(password, List.of(Role.OPERATOR))));
    }

    @Test
    void configuredHashesAreUsedAsTheyAreAndNeverUpgraded() {
        UserDetailsService users = configuration.users(users("{bcrypt}$2a$04$abcdefghijklmnopqrstuu5Zsb0n3JX2cQ6p4kyYzO3vA7vWq6f2"),
                false, dataDir);

        assertThat(users.loadUserByUsername("kim").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_OPERATOR");
        // a UserDetailsPasswordService makes Spring Security re-hash every login below bcrypt's default cost
        assertThat(users).isNotInstanceOf(UserDetailsPasswordService.class);
    }

    @Test
    void aPlainOrNoopPasswordStopsStartUp() {
        assertThatThrownBy(() -> configuration.users(users("secret"), false, dataDir))
                .hasMessageContaining("relay.security.users.kim.password must be a hash");
        assertThatThrownBy(() -> configuration.users(users("{noop}secret"), false, dataDir))
                .hasMessageContaining("never a plain password");
    }

    @Test
    void externalServersWithoutUsersStopStartUp() {
        assertThatThrownBy(() -> configuration.users(new SecurityProperties(Map.of()), false, dataDir))
                .hasMessageContaining("No HTTP users configured");
    }

    @Test
    void theEmbeddedRunGeneratesOneUserPerRoleOnceAndKeepsThem() throws Exception {
        UserDetailsService first = configuration.users(new SecurityProperties(Map.of()), true, dataDir);
        String stored = Files.readString(dataDir.resolve(GeneratedCredentials.FILE));
        UserDetailsService second = configuration.users(new SecurityProperties(Map.of()), true, dataDir);

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
