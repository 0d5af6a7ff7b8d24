package platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimingMatchedPasswordEncoderUnitTest {

    static String bcrypt(int cost, String password) {
        return "{bcrypt}" + new BCryptPasswordEncoder(cost).encode(password);
    }

    @Test
    void theDummyHashOfAnUnknownUserHasTheConfiguredUsersCostNotSpringsDefault() {
        PasswordEncoder encoder = TimingMatchedPasswordEncoder.forHashes(List.of(bcrypt(4, "a"), bcrypt(4, "b")));

        assertThat(encoder.encode("userNotFoundPassword")).startsWith("{bcrypt}$2a$04$");
    }

    @Test
    void withMixedCostsTheDummyTakesTheHighestSoNoUserIsSlowerThanAnUnknownName() {
        PasswordEncoder encoder = TimingMatchedPasswordEncoder.forHashes(List.of(bcrypt(4, "a"), bcrypt(6, "b")));

        assertThat(encoder.encode("userNotFoundPassword")).startsWith("{bcrypt}$2a$06$");
    }

    @Test
    void theMostUsedAlgorithmIsTheDummysAlgorithm() {
        String pbkdf2 = "{pbkdf2@SpringSecurity_v5_8}" + org.springframework.security.crypto.password.Pbkdf2PasswordEncoder
                .defaultsForSpringSecurity_v5_8().encode("a");
        PasswordEncoder encoder = TimingMatchedPasswordEncoder.forHashes(List.of(pbkdf2, pbkdf2, bcrypt(4, "c")));

        assertThat(encoder.encode("x")).startsWith("{pbkdf2@SpringSecurity_v5_8}");
        assertThat(encoder.matches("a", pbkdf2)).isTrue();
    }

    @Test
    void springSecurityChecksAnUnknownNameAgainstTheMatchedDummy() {
        String hash = bcrypt(4, "kims-secret");
        PasswordEncoder encoder = TimingMatchedPasswordEncoder.forHashes(List.of(hash));
        int[] encoded = { 0 };
        PasswordEncoder observed = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                encoded[0]++;
                String dummy = encoder.encode(raw);
                assertThat(dummy).startsWith("{bcrypt}$2a$04$");
                return dummy;
            }

            @Override
            public boolean matches(CharSequence raw, String stored) {
                return encoder.matches(raw, stored);
            }
        };
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(name -> {
            if (!name.equals("kim")) {
                throw new UsernameNotFoundException(name);
            }
            return User.withUsername("kim").password(hash).roles("OPERATOR").build();
        });
        provider.setPasswordEncoder(observed);

        assertThatThrownBy(() -> provider.authenticate(new UsernamePasswordAuthenticationToken("nobody", "x")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(encoded[0]).as("the dummy was made by our encoder").isEqualTo(1);
    }
}
