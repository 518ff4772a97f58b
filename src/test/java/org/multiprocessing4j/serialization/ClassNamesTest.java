package org.multiprocessing4j.serialization;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class policy's check of names (from a stream) and patterns (from a user): what it accepts
 * is exactly what these regular expressions match, which it used to compile.
 */
class ClassNamesTest {
    private static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    private static final Pattern NAME = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");
    private static final Pattern USER_PATTERN = Pattern.compile(NAME.pattern() + "(\\.\\*\\*?)?");
    /**
     * Characters of every kind the rules tell apart: ASCII letters and digits, '_', '$', '.', '*',
     * letters and digits of other scripts, a letter-number (Roman numeral), an other-number
     * (superscript two), a combining mark, a space, '/', '[', ';', a lone surrogate, and a
     * letter and a digit outside the basic plane.
     */
    private static final String[] PIECES = {"a", "Z", "0", "9", "_", "$", ".", ".", "*", "é", "Ж", "中", "٣",
        "Ⅻ", "²", "\u0301", " ", "/", "[", ";", "\ud800", "𝑥", "𝟘"};

    @Test
    void randomNamesAreJudgedAsTheRegularExpressionsJudgeThem() {
        Random random = new Random(20261129);
        int names = 0;
        int patterns = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(9);
            for (int j = 0; j < length; j++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String candidate = text.toString();
            boolean name = NAME.matcher(candidate).matches();
            boolean pattern = USER_PATTERN.matcher(candidate).matches();
            assertEquals(name, ClassPolicy.isBinaryName(candidate), () -> "name '" + candidate + "'");
            assertEquals(pattern, ClassPolicy.isPattern(candidate), () -> "pattern '" + candidate + "'");
            names += name ? 1 : 0;
            patterns += pattern ? 1 : 0;
        }
        assertTrue(names > 1_000 && patterns > names, "the strings drawn hold enough valid ones: " + names + ", " + patterns);
    }

    @Test
    void namesAndPatternsAUserWrites() {
        assertTrue(ClassPolicy.isBinaryName("com.acme.Outer$Inner"));
        assertTrue(ClassPolicy.isBinaryName("日本.Ж_Ⅻ2"), "letters of any script; numbers after the first");
        assertFalse(ClassPolicy.isBinaryName("日本.Ⅻ"), "a number, even a letter-like one, does not start a name");
        assertFalse(ClassPolicy.isBinaryName("[Lcom.acme.Point;"), "an array's name is not a binary name");
        assertFalse(ClassPolicy.isBinaryName("com/acme/Point"));
        assertFalse(ClassPolicy.isBinaryName("com..acme"));
        assertFalse(ClassPolicy.isBinaryName("com.acme."));
        assertFalse(ClassPolicy.isBinaryName("2acme"));
        assertFalse(ClassPolicy.isBinaryName(""));
        assertTrue(ClassPolicy.isPattern("com.acme.*"));
        assertTrue(ClassPolicy.isPattern("com.acme.**"));
        assertTrue(ClassPolicy.isPattern("Point"));
        assertFalse(ClassPolicy.isPattern("*"));
        assertFalse(ClassPolicy.isPattern("com.acme.***"));
        assertFalse(ClassPolicy.isPattern("com.*.acme"));
        assertFalse(ClassPolicy.isPattern("com.acme.*x"));
    }

    @Test
    void aPropertyWithBlanksAndAnInvalidPatternIsRefusedWithThePatternNamed() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ClassPolicy.standard().allowing("com.acme.*", "com.*.acme"));
        assertTrue(refused.getMessage().contains("'com.*.acme'"), refused.getMessage());
    }
}
