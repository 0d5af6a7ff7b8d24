package platform.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.scrypt.SCryptPasswordEncoder;

/**
 * The password encoder of the HTTP users: checks every accepted hash format by its {@code {id}} prefix, like
 * Spring's default {@code DelegatingPasswordEncoder}, but encodes with the algorithm most configured users have and,
 * for bcrypt, with their highest cost. Spring Security encodes exactly one password with it: the dummy it checks
 * when a user name is unknown, so that the answer takes as long as for a wrong password. With Spring's default
 * (bcrypt cost 10) an unknown name cost ~70 ms against ~1 ms for a wrong password of a cost-4 user: a signal that
 * tells which names exist, and a cheap way to make the service burn CPU.
 *
 * <p>The match is exact for bcrypt (the cost is read from the hashes); argon2, pbkdf2 and scrypt hashes are matched
 * by algorithm with Spring Security's current default parameters.
 */
final class TimingMatchedPasswordEncoder {

    private static final Pattern ID = Pattern.compile("^\\{([^}]+)}");
    private static final Pattern BCRYPT_COST = Pattern.compile("^\\{bcrypt}\\$2[aby]?\\$(\\d\\d)\\$");
    private static final String BCRYPT = "bcrypt";

    private TimingMatchedPasswordEncoder() {
    }

    static PasswordEncoder forHashes(Collection<String> hashes) {
        Map<String, Long> ids = hashes.stream()
                .map(ID::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        String mostUsed = ids.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(BCRYPT);
        int bcryptCost = hashes.stream()
                .map(BCRYPT_COST::matcher)
                .filter(Matcher::find)
                .mapToInt(m -> Integer.parseInt(m.group(1)))
                .max().orElse(10);

        Map<String, PasswordEncoder> encoders = new LinkedHashMap<>();
        encoders.put(BCRYPT, new BCryptPasswordEncoder(bcryptCost));
        encoders.put("argon2@SpringSecurity_v5_8", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put("pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put("scrypt@SpringSecurity_v5_8", SCryptPasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_2());
        encoders.put("pbkdf2", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5());
        encoders.put("scrypt", SCryptPasswordEncoder.defaultsForSpringSecurity_v4_1());
        return new DelegatingPasswordEncoder(encoders.containsKey(mostUsed) ? mostUsed : BCRYPT, encoders);
    }
}
