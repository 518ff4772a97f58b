package org.multiprocessing4j.internal.platform;

import java.util.List;

/**
 * A command line for {@code CreateProcessW}, which takes one string, not a list: the arguments
 * joined so that the Microsoft C runtime (and so {@code CommandLineToArgvW} and the java
 * launcher) splits it back into the same arguments. The rules are those of CPython's
 * {@code subprocess.list2cmdline}, with one difference: an argument that holds a double quote
 * is put in quotes too, which parses back the same.
 *
 * <p>Pure string code, so that it is tested on every system, not only on Windows.
 */
final class WindowsCommandLine {

    private WindowsCommandLine() {
    }

    /**
     * The command line for {@code command}: the program first, then its arguments.
     *
     * @throws IllegalArgumentException if an argument holds a NUL character, which would end
     *                                  the command line there
     */
    static String of(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String argument : command) {
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a command-line argument cannot hold a NUL character: "
                        + argument.replace("\0", "\\0"));
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            appendQuoted(line, argument);
        }
        return line.toString();
    }

    /**
     * Appends one argument. Backslashes are literal unless they precede a double quote, so only
     * the runs before a quote (and before the closing quote) are doubled.
     */
    private static void appendQuoted(StringBuilder line, String argument) {
        boolean quote = argument.isEmpty() || argument.indexOf(' ') >= 0 || argument.indexOf('\t') >= 0
                || argument.indexOf('"') >= 0;
        if (!quote) {
            line.append(argument);
            return;
        }
        line.append('"');
        int backslashes = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            int copies = c == '"' ? 2 * backslashes + 1 : backslashes;
            line.append("\\".repeat(copies)).append(c);
            backslashes = 0;
        }
        line.append("\\".repeat(2 * backslashes)).append('"');
    }
}
