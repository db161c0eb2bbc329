package io.canvass.query.engine;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How full the heap was right after the last garbage collection: what the data kept alive takes,
 * without the garbage waiting to be collected. With the embedded MongoDB, the read models live in
 * this heap, and a rebuild carries a second generation beside the first.
 */
public final class HeapAfterCollection {

    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    private HeapAfterCollection() {
    }

    /** Bytes in use after the most recent collection of any collector, or -1 before the first. */
    public static long used() {
        long latestEnd = -1;
        long used = -1;
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof GarbageCollectorMXBean collector) {
                GcInfo last = collector.getLastGcInfo();
                if (last != null && last.getEndTime() > latestEnd) {
                    latestEnd = last.getEndTime();
                    used = last.getMemoryUsageAfterGc().entrySet().stream()
                            .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                            .mapToLong(pool -> pool.getValue().getUsed()).sum();
                }
            }
        }
        return used;
    }

    /** The heap's limit (-Xmx). */
    public static long max() {
        return Runtime.getRuntime().maxMemory();
    }
}
