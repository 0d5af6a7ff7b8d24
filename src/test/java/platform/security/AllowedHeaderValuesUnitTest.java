package platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The loop allows exactly what Spring Security's firewall allows in a header value by default. */
class AllowedHeaderValuesUnitTest {

    static final Predicate<String> SPRING = StrictHttpFirewall.ALLOWED_HEADER_VALUES;

    @Test
    void everyCodePointAloneAndBetweenLettersIsJudgedAsSpringJudgesIt() {
        List<String> differ = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            for (String value : List.of(alone, "ab" + alone + "cd")) {
                if (AllowedHeaderValues.allowed(value) != SPRING.test(value)) {
                    differ.add(Integer.toHexString(codePoint));
                }
            }
        }
        assertThat(differ).isEmpty();
    }

    @Test
    void lonePairedAndReversedSurrogatesAreJudgedAsSpringJudgesThem() {
        String[] values = { "\uD83D", "\uDE00", "\uD83D\uDE00", "\uDE00\uD83D", "a\uD83Db", "\uD83D\uD83D\uDE00",
                "\uDB40\uDC01", "\uDB80\uDC00", "\uDBFF\uDFFF" };
        for (String value : values) {
            assertThat(AllowedHeaderValues.allowed(value)).as(value).isEqualTo(SPRING.test(value));
        }
    }

    @Test
    void randomStringsOfTheTrickyCharactersAreJudgedAsSpringJudgesThem() {
        // control characters, tab, DEL, unassigned, surrogates, supplementary, and the printable ASCII around them
        char[] alphabet = { 'a', 'Z', ' ', '~', '\t', '\n', '\r', 0, 0x1f, 0x7f, 0x80, 0x9f, 0xa0, 0x378, 0xfffe,
                0xffff, 0xd83d, 0xde00, 0xdb40, 0xdc01, 0x200b, 0x2028 };
        SplittableRandom random = new SplittableRandom(11);
        int allowed = 0;
        for (int n = 0; n < 200_000; n++) {
            char[] value = new char[random.nextInt(0, 8)];
            for (int i = 0; i < value.length; i++) {
                value[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String string = new String(value);
            boolean expected = SPRING.test(string);
            assertThat(AllowedHeaderValues.allowed(string)).as("%s", string.chars().boxed().toList())
                    .isEqualTo(expected);
            allowed += expected ? 1 : 0;
        }
        // both answers were asked for many times
        assertThat(allowed).isBetween(1_000, 199_000);
    }
}
