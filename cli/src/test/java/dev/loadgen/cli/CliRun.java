package dev.loadgen.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** The outcome of one in-process run of the command line. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return withEnvironment(Map.of(), args);
    }

    /** A run in a process whose environment is {@code environment}. */
    static CliRun withEnvironment(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
