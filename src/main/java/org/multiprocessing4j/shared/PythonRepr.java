package org.multiprocessing4j.shared;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code repr()} of the values a {@link ShareableList} holds ({@code None}, bools, ints,
 * floats, str, bytes), so that its {@code toString()} reads as CPython prints the list.
 */
final class PythonRepr {
    /** Python writes a float in exponent form below 1e-4 and from 1e16 on. */
    private static final int MIN_PLAIN_EXPONENT = -4;
    private static final int MAX_PLAIN_EXPONENT = 16;

    private PythonRepr() {
    }

    /** {@code repr(list)}. */
    static String ofList(List<?> values) {
        StringBuilder text = new StringBuilder("[");
        for (Object value : values) {
            text.append(text.length() > 1 ? ", " : "").append(of(value));
        }
        return text.append(']').toString();
    }

    /** {@code repr(value)}. */
    static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return ofFloat(((Number) value).doubleValue());
        }
        if (value instanceof String) {
            return quoted((String) value, "");
        }
        if (value instanceof byte[]) {
            StringBuilder latin1 = new StringBuilder();
            for (byte b : (byte[]) value) {
                latin1.append((char) (b & 0xff));
            }
            return quoted(latin1.toString(), "b");
        }
        return String.valueOf(value);
    }

    private static String ofFloat(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = value < 0 || 1 / value < 0 ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        if (exponent < MIN_PLAIN_EXPONENT || exponent >= MAX_PLAIN_EXPONENT) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return String.format(Locale.ROOT, "%s%se%s%02d", sign, mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
        }
        String plain = shortest.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /**
     * The fewest significant digits that read back as {@code value}, rounded from its exact value
     * as Python's repr does ({@link Double#toString} gives more digits on JDKs before 19).
     */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; ; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros();
            }
        }
    }

    /**
     * Python's quoting of str (and, with prefix {@code b}, of bytes held one per char): single
     * quotes unless the text has one and no double quote, and escapes for what is not printable.
     */
    private static String quoted(String text, String prefix) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        boolean bytes = !prefix.isEmpty();
        StringBuilder out = new StringBuilder(prefix).append(quote);
        text.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < ' ' || c == 0x7f || (bytes && c > 0x7f)) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else if (c > 0x7f && !printable(c)) {
                out.append(String.format(Locale.ROOT, c <= 0xff ? "\\x%02x" : c <= 0xffff ? "\\u%04x" : "\\U%08x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(quote).toString();
    }

    /** Close to Python's {@code str.isprintable()} for one character outside ASCII. */
    private static boolean printable(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
