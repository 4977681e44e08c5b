package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.report.JsonReport;
import dev.loadgen.core.report.JsonResultReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results in {@code loadgen merge}'s inputs: files saved with {@code --json FILE}, or any text that carries
 * results as the lines {@code --json -} writes (pod logs, a CI job's output), whatever other lines surround them
 * and whatever a log collector put before them on their line. {@code -} is standard input. Main thread.
 */
final class MergeInputs {
    /** Standard input among the inputs. */
    static final String STDIN = "-";

    /** A result and where it was found ({@code FILE:LINE}). */
    record Found(String where, JsonResultReader.Document document) {}

    private MergeInputs() {}

    /**
     * Every result in {@code inputs}. A result line that is cut short or damaged, or an input without any result,
     * is bad input; with {@code allowPartial} it is reported on {@code err} and left out instead.
     */
    static List<Found> read(List<String> inputs, InputStream stdin, boolean allowPartial, PrintWriter err)
            throws InputException {
        List<Found> found = new ArrayList<>();
        for (String input : inputs) {
            String name = input.equals(STDIN) ? "(stdin)" : input;
            String text = text(input, stdin);
            int before = found.size();
            scan(name, text, allowPartial, err, found);
            if (found.size() == before) {
                problem(allowPartial, err, name + ": no loadgen result in it");
            }
        }
        return found;
    }

    private static void scan(String name, String text, boolean allowPartial, PrintWriter err, List<Found> found)
            throws InputException {
        String[] lines = text.split("\r?\n", -1);
        boolean anyMarker = false;
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf(JsonReport.LINE_MARKER);
            if (at < 0) {
                continue;
            }
            anyMarker = true;
            String where = name + ":" + (i + 1);
            try {
                found.add(new Found(where, JsonResultReader.readDocument(new StringReader(lines[i].substring(at)))));
            } catch (IllegalArgumentException | IOException e) {
                problem(allowPartial, err, where + ": a result line that is cut short or damaged: " + e.getMessage());
            }
        }
        if (!anyMarker && text.stripLeading().startsWith("{")) {
            try {
                found.add(new Found(name, JsonResultReader.readDocument(new StringReader(text))));
            } catch (IllegalArgumentException | IOException e) {
                problem(allowPartial, err, name + ": not a loadgen result: " + e.getMessage());
            }
        }
    }

    private static void problem(boolean allowPartial, PrintWriter err, String message) throws InputException {
        if (!allowPartial) {
            throw new InputException(message);
        }
        err.println("loadgen: merge: " + message + "; left out (--allow-partial)");
        err.flush();
    }

    private static String text(String input, InputStream stdin) throws InputException {
        try {
            byte[] bytes = input.equals(STDIN) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(input));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read '" + input + "': no such file");
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read '" + input + "': permission denied");
        } catch (IOException e) {
            throw new InputException("cannot read '" + input + "': " + e.getMessage());
        }
    }
}
