package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The quoting of Windows command lines, on every system: the exact lines for the usual cases,
 * the rows of Microsoft's "Parsing C++ command-line arguments" table, a round trip of many
 * random arguments through a parser that follows that page, and CPython's
 * {@code subprocess.list2cmdline} for the same inputs.
 */
class WindowsCommandLineTest {
    /** Arguments that hold every character the rules treat specially, alone and in runs. */
    private static final List<List<String>> TRICKY = List.of(
            List.of("prog"),
            List.of("prog", ""),
            List.of("prog", "", "", "x"),
            List.of("prog", "a b"),
            List.of("prog", "a\tb"),
            List.of("prog", " "),
            List.of("prog", "a\"b"),
            List.of("prog", "\""),
            List.of("prog", "\"\""),
            List.of("prog", "a\\b"),
            List.of("prog", "a\\\\b c"),
            List.of("prog", "a\\"),
            List.of("prog", "a b\\"),
            List.of("prog", "a b\\\\"),
            List.of("prog", "\\"),
            List.of("prog", "\\\""),
            List.of("prog", "a\\\"b"),
            List.of("prog", "a\\\\\"b c"),
            List.of("prog", "\\\\server\\share\\dir with space\\"),
            List.of("prog", "-Dkey=va lue", "-cp", "C:\\a b\\lib\\*", "Main"),
            List.of("prog", "é ü", "日本"));

    @Test
    void plainArgumentsStayAsTheyAre() {
        assertEquals("prog a -b c:\\x\\y", WindowsCommandLine.of(List.of("prog", "a", "-b", "c:\\x\\y")));
    }

    @Test
    void anEmptyArgumentIsAPairOfQuotes() {
        assertEquals("prog \"\" x", WindowsCommandLine.of(List.of("prog", "", "x")));
    }

    @Test
    void spacesAndTabsAreQuoted() {
        assertEquals("\"C:\\Program Files\\java.exe\" \"a b\" \"a\tb\"",
                WindowsCommandLine.of(List.of("C:\\Program Files\\java.exe", "a b", "a\tb")));
    }

    @Test
    void anEmbeddedQuoteIsEscapedAndQuoted() {
        assertEquals("prog \"a\\\"b\"", WindowsCommandLine.of(List.of("prog", "a\"b")));
    }

    @Test
    void backslashesBeforeAQuoteAreDoubledAndOthersAreNot() {
        // a\\"b: two backslashes and a quote become four backslashes and an escaped quote.
        assertEquals("prog \"a\\\\\\\\\\\"b\" a\\\\b", WindowsCommandLine.of(List.of("prog", "a\\\\\"b", "a\\\\b")));
    }

    @Test
    void trailingBackslashesAreDoubledOnlyBeforeTheClosingQuote() {
        assertEquals("prog a\\ \"a b\\\\\"", WindowsCommandLine.of(List.of("prog", "a\\", "a b\\")));
    }

    @Test
    void aNulCharacterIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowsCommandLine.of(List.of("prog", "a\0b")));
        assertEquals("a command-line argument cannot hold a NUL character: a\\0b", e.getMessage());
    }

    /** The table's rows: the command line, then argv[1], argv[2]… (argv[0] is "prog"). */
    @Test
    void theParserOfTheseTestsReadsMicrosoftsTableAsMicrosoftDoes() {
        assertEquals(List.of("prog", "a b c", "d", "e"), parse("prog \"a b c\" d e"));
        assertEquals(List.of("prog", "ab\"c", "\\", "d"), parse("prog \"ab\\\"c\" \"\\\\\" d"));
        assertEquals(List.of("prog", "a\\\\\\b", "de fg", "h"), parse("prog a\\\\\\b d\"e f\"g h"));
        assertEquals(List.of("prog", "a\\\"b", "c", "d"), parse("prog a\\\\\\\"b c d"));
        assertEquals(List.of("prog", "a\\\\b c", "d", "e"), parse("prog a\\\\\\\\\"b c\" d e"));
        assertEquals(List.of("prog", "ab\" c d"), parse("prog a\"b\"\" c d"));
    }

    @Test
    void microsoftsTableRowsSurviveTheRoundTrip() {
        List<List<String>> rows = List.of(
                List.of("prog", "a b c", "d", "e"),
                List.of("prog", "ab\"c", "\\", "d"),
                List.of("prog", "a\\\\\\b", "de fg", "h"),
                List.of("prog", "a\\\"b", "c", "d"),
                List.of("prog", "a\\\\b c", "d", "e"),
                List.of("prog", "ab\" c d"));
        for (List<String> row : rows) {
            assertEquals(row, parse(WindowsCommandLine.of(row)), () -> WindowsCommandLine.of(row));
        }
    }

    @Test
    void trickyAndRandomArgumentsSurviveTheRoundTrip() {
        for (List<String> command : TRICKY) {
            assertEquals(command, parse(WindowsCommandLine.of(command)), () -> WindowsCommandLine.of(command));
        }
        for (List<String> command : randomCommands()) {
            assertEquals(command, parse(WindowsCommandLine.of(command)), () -> WindowsCommandLine.of(command));
        }
    }

    /**
     * CPython's line parses to the same arguments as ours, and is the same line wherever no
     * argument holds a double quote (which CPython escapes without quoting the argument).
     */
    @Test
    @Timeout(60)
    void theLinesAgreeWithCPythonsList2cmdline() throws Exception {
        List<List<String>> commands = new ArrayList<>(TRICKY);
        commands.addAll(randomCommands());
        List<String> cpython = list2cmdline(commands);
        for (int i = 0; i < commands.size(); i++) {
            List<String> command = commands.get(i);
            String ours = WindowsCommandLine.of(command);
            String theirs = cpython.get(i);
            assertEquals(command, parse(theirs), () -> "CPython's line " + theirs);
            if (command.stream().noneMatch(a -> a.contains("\""))) {
                assertEquals(theirs, ours);
            }
        }
    }

    private static List<List<String>> randomCommands() {
        char[] alphabet = {'a', 'b', ' ', '\t', '"', '\\', 'é'};
        Random random = new Random(42);
        List<List<String>> commands = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            List<String> command = new ArrayList<>(List.of("prog"));
            int count = 1 + random.nextInt(3);
            for (int a = 0; a < count; a++) {
                char[] argument = new char[random.nextInt(8)];
                for (int c = 0; c < argument.length; c++) {
                    argument[c] = alphabet[random.nextInt(alphabet.length)];
                }
                command.add(new String(argument));
            }
            commands.add(command);
        }
        return commands;
    }

    /**
     * {@code subprocess.list2cmdline} of each command, by one python3 process. Commands are
     * separated by RS and arguments by US, which no test argument holds.
     */
    private static List<String> list2cmdline(List<List<String>> commands) throws IOException, InterruptedException {
        String script = "import sys, subprocess\n"
                + "data = sys.stdin.buffer.read().decode('utf-8')\n"
                + "lines = [subprocess.list2cmdline(c.split('\\x1f')) for c in data.split('\\x1e')]\n"
                + "sys.stdout.buffer.write('\\x1e'.join(lines).encode('utf-8'))\n";
        Process python = startPython(script);
        assumeTrue(python != null, "no python3 on PATH to compare with");
        StringBuilder input = new StringBuilder();
        for (List<String> command : commands) {
            if (input.length() > 0) {
                input.append('\u001e');
            }
            input.append(String.join("\u001f", command));
        }
        try (OutputStream in = python.getOutputStream()) {
            in.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream out = python.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(true, python.waitFor(30, TimeUnit.SECONDS), "python3 did not end");
        assertEquals(0, python.exitValue(), "python3 failed");
        List<String> lines = Arrays.asList(output.split("\u001e", -1));
        assertEquals(commands.size(), lines.size(), output);
        return lines;
    }

    private static Process startPython(String script) {
        for (String program : List.of("python3", "python")) {
            try {
                return new ProcessBuilder(program, "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException notThere) {
                // Try the next name.
            }
        }
        return null;
    }

    /**
     * Splits a command line as the Microsoft C runtime does (2008 and later), after the
     * "Parsing C++ command-line arguments" page: whitespace separates arguments outside
     * quotes; 2n backslashes and a quote give n backslashes and toggle quoting; 2n+1
     * backslashes and a quote give n backslashes and a literal quote; other backslashes are
     * literal; inside quotes, two quotes give one literal quote.
     */
    static List<String> parse(String line) {
        List<String> arguments = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                return arguments;
            }
            StringBuilder argument = new StringBuilder();
            boolean quoted = false;
            while (i < n && (quoted || !isBlank(line.charAt(i)))) {
                char c = line.charAt(i);
                if (c == '\\') {
                    int run = 0;
                    while (i < n && line.charAt(i) == '\\') {
                        run++;
                        i++;
                    }
                    boolean beforeQuote = i < n && line.charAt(i) == '"';
                    argument.append("\\".repeat(beforeQuote ? run / 2 : run));
                    if (beforeQuote && run % 2 == 1) {
                        argument.append('"');
                        i++;
                    }
                } else if (c == '"' && quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                    argument.append('"');
                    i += 2;
                } else if (c == '"') {
                    quoted = !quoted;
                    i++;
                } else {
                    argument.append(c);
                    i++;
                }
            }
            arguments.add(argument.toString());
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
