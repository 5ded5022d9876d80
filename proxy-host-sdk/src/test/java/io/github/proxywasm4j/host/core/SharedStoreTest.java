package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.internal.state.SharedStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SharedStoreTest {
    private final SharedStore store = new SharedStore();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class SharedData {
        @Test
        void casZeroWritesUnconditionallyAsInCppHost() {
            store.set("vm", "k", b("1"), 0);
            store.set("vm", "k", b("2"), 0);

            assertThat(store.get("vm", "k").bytes()).asString().isEqualTo("2");
        }

        @Test
        void everySuccessfulSetAssignsAFreshNonZeroCas() {
            store.set("vm", "k", b("1"), 0);
            int first = store.get("vm", "k").cas();
            store.set("vm", "k", b("2"), first);
            int second = store.get("vm", "k").cas();

            assertThat(first).isNotZero();
            assertThat(second).isNotZero().isNotEqualTo(first);
        }

        @Test
        void aStaleCasIsAMismatchAndChangesNothing() {
            store.set("vm", "k", b("1"), 0);
            int stale = store.get("vm", "k").cas();
            store.set("vm", "k", b("2"), stale);

            assertThat(store.set("vm", "k", b("3"), stale)).isFalse();
            assertThat(store.get("vm", "k").bytes()).asString().isEqualTo("2");
        }

        @Test
        void aNonZeroCasOnANewKeyInserts() {
            assertThat(store.set("vm", "new", b("v"), 12345)).isTrue();
            assertThat(store.get("vm", "new").bytes()).asString().isEqualTo("v");
        }

        @Test
        void vmIdsAreSeparateNamespaces() {
            store.set("a", "k", b("from a"), 0);

            assertThat(store.get("b", "k")).isNull();
        }
    }

    @Nested
    class Queues {
        private final List<String> ready = new ArrayList<>();

        private SharedStore.QueueOwner owner(String name, boolean alive) {
            return new SharedStore.QueueOwner() {
                @Override
                public void queueReady(int rootContextId, int queueId) {
                    ready.add(name + ":" + rootContextId + ":" + queueId);
                }

                @Override
                public boolean alive() {
                    return alive;
                }
            };
        }

        @Test
        void registeringAgainGivesTheSameNonZeroIdAndMakesTheCallerTheOwner() {
            int id = store.registerQueue("vm", "jobs", owner("first", true), 1);
            int again = store.registerQueue("vm", "jobs", owner("second", true), 7);

            store.enqueue(id, b("x"));

            assertThat(id).isNotZero().isEqualTo(again);
            assertThat(ready).containsExactly("second:7:" + id);
        }

        @Test
        void queuesOfOtherVmIdsAreSeparate() {
            int a = store.registerQueue("a", "jobs", owner("a", true), 1);
            int b = store.registerQueue("b", "jobs", owner("b", true), 1);

            assertThat(a).isNotEqualTo(b);
            assertThat(store.resolveQueue("a", "jobs")).isEqualTo(a);
            assertThat(store.resolveQueue("b", "jobs")).isEqualTo(b);
        }

        @Test
        void dequeueIsFifoThenEmpty() {
            int id = store.registerQueue("vm", "q", owner("o", true), 1);
            store.enqueue(id, b("1"));
            store.enqueue(id, b("2"));

            assertThat(store.dequeue(id).map(String::new)).contains("1");
            assertThat(store.dequeue(id).map(String::new)).contains("2");
            assertThat(store.dequeue(id)).isEmpty();
        }

        @Test
        void unknownQueuesAreNotFound() {
            assertThat(store.enqueue(99, b("x"))).isFalse();
            assertThat(store.dequeue(99)).isNull();
            assertThat(store.resolveQueue("vm", "nope")).isZero();
        }
    }
}
