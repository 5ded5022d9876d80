package io.github.proxywasm4j.host.internal.state;

import io.github.proxywasm4j.host.internal.limits.Limit;
import io.github.proxywasm4j.host.internal.limits.LimitExceeded;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Shared data and shared queues, keyed by VM id, as cpp-host keeps them process-wide: every VM of
 * every plugin built with the same store sees the same values.
 */
public final class SharedStore {
    /** What a queue owner receives when something was enqueued. */
    public interface QueueOwner {
        void queueReady(int rootContextId, int queueId);

        boolean alive();
    }

    /** A stored value and its CAS. */
    public record Value(byte[] bytes, int cas) {}

    private final Map<String, VmData> data = new HashMap<>();
    private final Map<String, Integer> queueIds = new HashMap<>();
    private final Map<Integer, Queue> queues = new HashMap<>();
    private final Map<String, Integer> queueCounts = new HashMap<>();
    private int nextCas = 1;
    private int nextQueueId = 1;

    /** Reads a value, or null. */
    public synchronized Value get(String vmId, String key) {
        var d = data.get(vmId);
        return d == null ? null : d.values.get(key);
    }

    /**
     * Stores a value. cpp-host semantics: {@code cas == 0} writes unconditionally; otherwise an
     * existing entry must carry that CAS. Returns false on a CAS mismatch.
     */
    public synchronized boolean set(String vmId, String key, byte[] value, int cas) {
        return set(vmId, key, value, cas, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * {@link #set(String, String, byte[], int)} within a key count and a byte count (keys plus
     * values, a key counting one byte per character) per vm_id: cpp-host has no bound of its own,
     * so going past one fails the VM (the caller's) with {@link LimitExceeded}.
     */
    public synchronized boolean set(
            String vmId, String key, byte[] value, int cas, long maxKeys, long maxBytes) {
        var d = data.computeIfAbsent(vmId, k -> new VmData());
        var existing = d.values.get(key);
        if (existing != null && cas != 0 && cas != existing.cas()) {
            return false;
        }
        long bytes =
                d.bytes
                        + value.length
                        - (existing == null ? -key.length() : existing.bytes().length);
        if (existing == null && d.values.size() + 1L > maxKeys) {
            throw LimitExceeded.of(
                    Limit.MAX_SHARED_DATA_KEYS,
                    d.values.size() + 1L,
                    maxKeys,
                    "vm_id '" + vmId + "'");
        }
        if (bytes > maxBytes) {
            throw LimitExceeded.of(
                    Limit.MAX_SHARED_DATA_BYTES, bytes, maxBytes, "vm_id '" + vmId + "'");
        }
        d.values.put(key, new Value(value, nextCas()));
        d.bytes = bytes;
        return true;
    }

    private int nextCas() {
        int cas = nextCas++;
        if (nextCas == 0) {
            nextCas = 1;
        }
        return cas;
    }

    /**
     * Creates or re-opens a queue; as in cpp-host the caller becomes its owner (the root context
     * that receives {@code proxy_on_queue_ready}), so the latest registrant wins.
     */
    public synchronized int registerQueue(String vmId, String name, QueueOwner owner, int rootId) {
        return registerQueue(vmId, name, owner, rootId, Long.MAX_VALUE);
    }

    /** {@link #registerQueue} within a count of queues per vm_id (cpp-host has none). */
    public synchronized int registerQueue(
            String vmId, String name, QueueOwner owner, int rootId, long maxQueues) {
        var key = vmId + '\0' + name;
        var id = queueIds.get(key);
        if (id != null) {
            var q = queues.get(id);
            q.owner = owner;
            q.ownerRootId = rootId;
            return id;
        }
        int count = queueCounts.getOrDefault(vmId, 0);
        if (count + 1L > maxQueues) {
            throw LimitExceeded.of(
                    Limit.MAX_SHARED_QUEUES, count + 1L, maxQueues, "vm_id '" + vmId + "'");
        }
        queueCounts.put(vmId, count + 1);
        int newId = nextQueueId++;
        queueIds.put(key, newId);
        queues.put(newId, new Queue(owner, rootId, name));
        return newId;
    }

    /** The id of an existing queue, or 0. */
    public synchronized int resolveQueue(String vmId, String name) {
        var id = queueIds.get(vmId + '\0' + name);
        return id == null ? 0 : id;
    }

    /** Appends; returns false if the queue does not exist. Notifies the owner outside the lock. */
    public boolean enqueue(int queueId, byte[] value) {
        return enqueue(queueId, value, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** {@link #enqueue(int, byte[])} within a count and a byte count of waiting items. */
    public boolean enqueue(int queueId, byte[] value, long maxItems, long maxBytes) {
        Queue q;
        synchronized (this) {
            q = queues.get(queueId);
            if (q == null) {
                return false;
            }
            if (q.items.size() + 1L > maxItems) {
                throw LimitExceeded.of(
                        Limit.MAX_QUEUE_ITEMS,
                        q.items.size() + 1L,
                        maxItems,
                        "queue '" + q.name + "'");
            }
            if (q.bytes + value.length > maxBytes) {
                throw LimitExceeded.of(
                        Limit.MAX_QUEUE_BYTES,
                        q.bytes + value.length,
                        maxBytes,
                        "queue '" + q.name + "'");
            }
            q.items.add(value);
            q.bytes += value.length;
        }
        q.owner.queueReady(q.ownerRootId, queueId);
        return true;
    }

    /** Pops the front: empty if there is nothing, null if the queue does not exist. */
    public synchronized Optional<byte[]> dequeue(int queueId) {
        var q = queues.get(queueId);
        if (q == null) {
            return null;
        }
        var item = q.items.poll();
        if (item != null) {
            q.bytes -= item.length;
        }
        return Optional.ofNullable(item);
    }

    /** The number of waiting items, or -1 if there is no such queue. */
    public synchronized int queueSize(int queueId) {
        var q = queues.get(queueId);
        return q == null ? -1 : q.items.size();
    }

    private static final class Queue {
        QueueOwner owner;
        int ownerRootId;
        final String name;
        final ArrayDeque<byte[]> items = new ArrayDeque<>();
        long bytes;

        Queue(QueueOwner owner, int ownerRootId, String name) {
            this.owner = owner;
            this.ownerRootId = ownerRootId;
            this.name = name;
        }
    }

    private static final class VmData {
        final Map<String, Value> values = new HashMap<>();
        long bytes;
    }
}
