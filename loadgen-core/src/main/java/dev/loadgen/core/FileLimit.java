package dev.loadgen.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The process's limit on open files ({@code ulimit -n}, RLIMIT_NOFILE), checked before a run connects: every
 * connection is a file descriptor, and a process that runs out of them fails in places that cannot report it (a
 * class that cannot be loaded, a socket that cannot be created), so a run that cannot fit is refused up front.
 * Reads the limit once per check; any thread.
 */
public final class FileLimit {
    /**
     * Descriptors a run needs beyond those open when it is checked and one per connection: the preflight's
     * connection, a connection being replaced while its successor opens, the resolver, files the JVM opens on the
     * way (a time-zone table, a jar not yet read).
     */
    static final long RESERVE = 64;

    private static final Path PROC_LIMITS = Path.of("/proc/self/limits");
    private static final Path PROC_FDS = Path.of("/proc/self/fd");

    /** What is known here: the soft limit and the descriptors open now; -1 for either when it cannot be read. */
    record Usage(long limit, long open) {}

    private FileLimit() {}

    /**
     * Refuses a run of {@code connections} connections that would not fit under the limit.
     *
     * @throws InputException naming the connections, what they need and the limit, and how to raise it
     */
    public static void check(long connections) throws InputException {
        check(connections, usage());
    }

    static void check(long connections, Usage usage) throws InputException {
        if (usage.limit() < 0 || usage.open() < 0) {
            return; // Neither /proc nor the JVM says: the run finds out, and counts connect errors.
        }
        long needed = usage.open() + connections + RESERVE;
        if (needed > usage.limit()) {
            throw new InputException(connections + " connection" + (connections == 1 ? "" : "s") + " need about "
                    + needed + " open files, but this process may open " + usage.limit() + " (ulimit -n); raise the "
                    + "limit (ulimit -n " + needed + ") or use fewer connections");
        }
    }

    /** The soft limit and the open descriptors: from /proc on Linux, from the JVM's bean elsewhere. */
    static Usage usage() {
        if (Files.isReadable(PROC_LIMITS)) {
            return new Usage(procLimit(), procOpen());
        }
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new Usage(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
        }
        return new Usage(-1, -1);
    }

    /** The soft limit of the line {@code Max open files  1024  4096  files}; "unlimited" is none. */
    private static long procLimit() {
        try {
            for (String line : Files.readAllLines(PROC_LIMITS, StandardCharsets.UTF_8)) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim();
                    int end = soft.indexOf(' ');
                    soft = end < 0 ? soft : soft.substring(0, end);
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not the format documented in proc(5): no check rather than a wrong one.
        }
        return -1;
    }

    private static long procOpen() {
        try (Stream<Path> open = Files.list(PROC_FDS)) {
            return open.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
