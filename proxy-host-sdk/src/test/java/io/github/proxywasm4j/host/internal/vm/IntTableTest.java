package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntTableTest {
    @Test
    void behavesLikeAMapUnderRandomPutsAndRemoves() {
        var table = new IntTable<String>();
        var reference = new HashMap<Integer, String>();
        var random = new Random(42);

        for (int step = 0; step < 200_000; step++) {
            int id = random.nextInt(300);
            if (random.nextInt(3) == 0) {
                table.remove(id);
                reference.remove(id);
            } else {
                table.put(id, "v" + step);
                reference.put(id, "v" + step);
            }
            int probe = random.nextInt(300);
            assertThat(table.get(probe)).isEqualTo(reference.get(probe));
        }
        assertThat(table.size()).isEqualTo(reference.size());
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(reference.values());
    }

    @Test
    void sequentialIdsAsAVmAllocatesThem() {
        var table = new IntTable<Integer>();
        for (int id = 1; id <= 10_000; id++) {
            table.put(id, id);
            if (id > 3) {
                table.remove(id - 3);
            }
        }

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.get(10_000)).isEqualTo(10_000);
        assertThat(table.get(9_997)).isNull();
    }
}
