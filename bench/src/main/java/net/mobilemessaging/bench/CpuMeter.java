package net.mobilemessaging.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Rates per CPU-second for JMH iterations on a shared, noisy machine. Call {@link #start} from a
 * {@code @Setup(Level.Iteration)} and {@link #stop} from a {@code @TearDown(Level.Iteration)} (both run on the
 * benchmark thread when there is one); {@link #stop} prints one {@code [cpu]} line: operations per CPU-second of the
 * benchmark thread (what "on one core" means; GC and JIT threads excluded, and time the thread waited for a CPU
 * not counted) and per CPU-second of the whole JVM (GC and JIT included).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long threadCpu;
    private long processCpu;
    private long ops;

    void start(long opsSoFar) {
        threadCpu = THREADS.getCurrentThreadCpuTime();
        processCpu = PROCESS.getProcessCpuTime();
        ops = opsSoFar;
    }

    void stop(long opsSoFar) {
        long n = opsSoFar - ops;
        double threadSeconds = (THREADS.getCurrentThreadCpuTime() - threadCpu) / 1e9;
        double processSeconds = (PROCESS.getProcessCpuTime() - processCpu) / 1e9;
        System.out.printf(Locale.ROOT, "[cpu] %d ops: %.0f ops per thread-CPU-second, %.0f per JVM-CPU-second%n",
                n, n / threadSeconds, n / processSeconds);
    }
}
