package dev.loadgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What the allocation tests measure: the bytes a run's one worker thread allocates. Every step that could make the
 * figure meaningless fails instead: a JVM that cannot count a thread's allocations, a run without exactly one worker
 * thread, a worker that ended between two readings.
 */
public final class WorkerAllocation {
    private static final String WORKER_PREFIX = "loadgen-worker";

    private final com.sun.management.ThreadMXBean threads;
    private final Thread worker;

    private WorkerAllocation(com.sun.management.ThreadMXBean threads, Thread worker) {
        this.threads = threads;
        this.worker = worker;
    }

    /** The allocation counter of the running run's only worker thread. */
    public static WorkerAllocation ofTheOnlyWorker() {
        var bean = ManagementFactory.getThreadMXBean();
        assertThat(bean)
                .as("the JVM's thread bean counts allocations (com.sun.management.ThreadMXBean)")
                .isInstanceOf(com.sun.management.ThreadMXBean.class);
        var threads = (com.sun.management.ThreadMXBean) bean;
        assertThat(threads.isThreadAllocatedMemorySupported())
                .as("this JVM counts the bytes each thread allocates")
                .isTrue();
        assertThat(threads.isThreadAllocatedMemoryEnabled())
                .as("the per-thread allocation counter is on")
                .isTrue();
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(WORKER_PREFIX))
                .toList();
        assertThat(workers)
                .as("the run's worker threads (named %s*)", WORKER_PREFIX)
                .hasSize(1);
        return new WorkerAllocation(threads, workers.get(0));
    }

    /** Bytes the worker has allocated since it started; fails if it has ended or the JVM cannot tell. */
    public long allocatedBytes() {
        assertThat(worker.isAlive())
                .as("worker thread %s is running", worker.getName())
                .isTrue();
        long bytes = threads.getThreadAllocatedBytes(worker.getId());
        assertThat(bytes).as("bytes allocated by %s", worker.getName()).isNotNegative();
        return bytes;
    }
}
