package dev.loadgen.cli;

import java.util.ArrayList;
import java.util.List;

/** Splits a test's argument string like a shell: spaces separate, single quotes group. */
final class Arguments {
    private Arguments() {}

    static String[] split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.trim().toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    args.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(current.toString());
        }
        return args.toArray(String[]::new);
    }
}
