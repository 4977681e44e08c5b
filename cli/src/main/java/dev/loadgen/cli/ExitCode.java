package dev.loadgen.cli;

/** The process exit codes; the README's table lists the same. */
final class ExitCode {
    /** The run completed (errors during the run are reported, not an exit code). */
    static final int OK = 0;
    /** The input was valid but the run could not start: unknown host, nothing listening, TLS handshake failed. */
    static final int CANNOT_START = 1;
    /** Invalid input: flags, URL, files, headers. */
    static final int INVALID_INPUT = 2;
    /** The run completed but an assertion (--assert) or a regression limit (--max-regression) failed. */
    static final int ASSERTION_FAILED = 3;
    /**
     * A worker of a distributed run was ready only after {@code --start-at} plus {@code --start-tolerance}, and did
     * not run rather than skew the run.
     */
    static final int LATE_START = 4;
    /** Stopped by Ctrl-C (SIGINT) after printing what was measured: 128 + SIGINT, as shells report it. */
    static final int INTERRUPTED = 130;

    private ExitCode() {}
}
