package dev.loadgen.core;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One reading of the runtime's cumulative counters (the JIT compiler's CPU time, collection time and count, process
 * CPU time), from the JVM's management beans and, on Linux, the compiler threads' own CPU time; two readings give the {@link RuntimeActivity} between them. A counter
 * the runtime does not keep (a native binary has no JIT compiler; an OS without process CPU time) reads as
 * {@link RuntimeActivity#UNKNOWN}, and so does its difference. Immutable; {@link #read} may be called from any
 * thread (the reporter thread reads at the start and the end of the measured window).
 */
final class RuntimeCounters {
    /** Linux: one directory per thread of this process. */
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Set by GraalVM in a native image, to "runtime" while the image runs. */
    private static final boolean NATIVE_IMAGE = System.getProperty("org.graalvm.nativeimage.imagecode") != null;

    private final long compilerNanos;
    private final long gcNanos;
    private final long gcCollections;
    private final long cpuNanos;

    private RuntimeCounters(long compilerNanos, long gcNanos, long gcCollections, long cpuNanos) {
        this.compilerNanos = compilerNanos;
        this.gcNanos = gcNanos;
        this.gcCollections = gcCollections;
        this.cpuNanos = cpuNanos;
    }

    /** The counters now. */
    static RuntimeCounters read() {
        return new RuntimeCounters(compilerNanos(), gcNanos(), gcCollections(), cpuNanos());
    }

    /** The activity from {@code start} to this reading, on {@code transport}. */
    RuntimeActivity since(RuntimeCounters start, String transport) {
        return new RuntimeActivity(
                transport,
                difference(compilerNanos, start.compilerNanos),
                difference(gcNanos, start.gcNanos),
                difference(gcCollections, start.gcCollections),
                difference(cpuNanos, start.cpuNanos),
                NATIVE_IMAGE);
    }

    private static long difference(long end, long start) {
        return end == RuntimeActivity.UNKNOWN || start == RuntimeActivity.UNKNOWN
                ? RuntimeActivity.UNKNOWN
                : Math.max(0, end - start);
    }

    private static long compilerNanos() {
        if (NATIVE_IMAGE) {
            return RuntimeActivity.UNKNOWN;
        }
        long threadsNanos = compilerThreadsCpuNanos();
        if (threadsNanos != RuntimeActivity.UNKNOWN) {
            return threadsNanos;
        }
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return RuntimeActivity.UNKNOWN;
        }
        return TimeUnit.MILLISECONDS.toNanos(compiler.getTotalCompilationTime());
    }

    /**
     * Linux: the CPU time of HotSpot's compiler threads ("C1 CompilerThreadN", "C2 CompilerThreadN", which the
     * kernel shortens to 15 characters), from each thread's schedstat, in nanoseconds; UNKNOWN elsewhere. The
     * {@code CompilationMXBean}'s figure is the compilations' elapsed time instead, which on a loaded machine
     * also counts the time a compiler thread waited for a CPU. A compiler thread the JVM retires during the window
     * takes its time with it, so the figure can only be low, never high.
     */
    private static long compilerThreadsCpuNanos() {
        if (!Files.isDirectory(TASKS)) {
            return RuntimeActivity.UNKNOWN;
        }
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                        nanos += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                } catch (NoSuchFileException e) {
                    // The thread ended between the listing and the reading: it has no time left to count.
                }
            }
        } catch (IOException | RuntimeException e) {
            return RuntimeActivity.UNKNOWN;
        }
        return nanos;
    }

    private static long gcNanos() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            long time = collector.getCollectionTime();
            if (time < 0) {
                return RuntimeActivity.UNKNOWN;
            }
            millis += time;
        }
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static long gcCollections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            long collections = collector.getCollectionCount();
            if (collections < 0) {
                return RuntimeActivity.UNKNOWN;
            }
            count += collections;
        }
        return count;
    }

    private static long cpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            long nanos = hotspot.getProcessCpuTime();
            return nanos < 0 ? RuntimeActivity.UNKNOWN : nanos;
        }
        return RuntimeActivity.UNKNOWN;
    }
}
