package io.github.proxywasm4j.host.internal.state;

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

    private final Map<String, Map<String, Value>> data = new HashMap<>();
    private final Map<String, Integer> queueIds = new HashMap<>();
    private final Map<Integer, Queue> queues = new HashMap<>();
    private int nextCas = 1;
    private int nextQueueId = 1;

    /** Reads a value, or null. */
    public synchronized Value get(String vmId, String key) {
        var map = data.get(vmId);
        return map == null ? null : map.get(key);
    }

    /**
     * Stores a value. cpp-host semantics: {@code cas == 0} writes unconditionally; otherwise an
     * existing entry must carry that CAS. Returns false on a CAS mismatch.
     */
    public synchronized boolean set(String vmId, String key, byte[] value, int cas) {
        var map = data.computeIfAbsent(vmId, k -> new HashMap<>());
        var existing = map.get(key);
        if (existing != null && cas != 0 && cas != existing.cas()) {
            return false;
        }
        map.put(key, new Value(value, nextCas()));
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
        var key = vmId + '\0' + name;
        var id = queueIds.get(key);
        if (id != null) {
            var q = queues.get(id);
            q.owner = owner;
            q.ownerRootId = rootId;
            return id;
        }
        int newId = nextQueueId++;
        queueIds.put(key, newId);
        queues.put(newId, new Queue(owner, rootId));
        return newId;
    }

    /** The id of an existing queue, or 0. */
    public synchronized int resolveQueue(String vmId, String name) {
        var id = queueIds.get(vmId + '\0' + name);
        return id == null ? 0 : id;
    }

    /** Appends; returns false if the queue does not exist. Notifies the owner outside the lock. */
    public boolean enqueue(int queueId, byte[] value) {
        Queue q;
        synchronized (this) {
            q = queues.get(queueId);
            if (q == null) {
                return false;
            }
            q.items.add(value);
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
        return Optional.ofNullable(q.items.poll());
    }

    /** The number of waiting items, or -1 if there is no such queue. */
    public synchronized int queueSize(int queueId) {
        var q = queues.get(queueId);
        return q == null ? -1 : q.items.size();
    }

    private static final class Queue {
        QueueOwner owner;
        int ownerRootId;
        final ArrayDeque<byte[]> items = new ArrayDeque<>();

        Queue(QueueOwner owner, int ownerRootId) {
            this.owner = owner;
            this.ownerRootId = ownerRootId;
        }
    }
}
