package io.hireflow.api.support;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Samples used heap every 10 ms while a step runs: the peak of what it held, garbage not yet collected included. */
public final class HeapPeak extends Thread {

    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;

    private HeapPeak() {
        super("heap-peak");
        setDaemon(true);
    }

    /** Heap in use by live objects: after a full collection, so garbage does not count. */
    public static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Collects first, so the step starts from the live heap, then samples until {@link #end()}. */
    public static HeapPeak begin() {
        System.gc();
        HeapPeak watch = new HeapPeak();
        watch.start();
        return watch;
    }

    @Override
    public void run() {
        while (running) {
            peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling; the highest used heap seen, in bytes. */
    public long end() throws InterruptedException {
        running = false;
        join();
        return peak.get();
    }
}
