package io.github.proxywasm4j.host.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout of the SDK's main sources, read from the sources themselves (package lines, imports
 * and fully qualified names): every package has a {@code package-info.java}, and no two packages
 * depend on each other, directly or through others.
 *
 * <p>The root package {@code host} is the core of the API: its value types (headers, results,
 * failures, log levels) are the vocabulary every other package speaks, and it drives them all, so
 * uses of the root package are left out of the cycle check (as ArchUnit's slices {@code
 * host.(*)..} leave it out). Every edge between the other packages counts: {@code host.abi} (the
 * ABI model) must not reach runtime wiring, the upstreams must not reach the VM, and no internal
 * package may reach back into another that uses it.
 */
class ProjectStructureTest {
    private static final String ROOT = "io.github.proxywasm4j.host";
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern REFERENCE =
            Pattern.compile("\\b(io\\.github\\.proxywasm4j\\.host(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void everyPackageHasAPackageInfo() {
        var missing = new TreeSet<String>();
        for (var pkg : packages().keySet()) {
            if (!Files.exists(
                    SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java"))) {
                missing.add(pkg);
            }
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    @Test
    void noPackageCycles() {
        var graph = packages();
        var cycles = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
        assertThat(cycles)
                .as("package cycles (each group depends on itself); the edges: %s", graph)
                .isEmpty();
    }

    @Test
    void theCheckSeesACycle() {
        var graph = new TreeMap<String, Set<String>>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of("a"));
        assertThat(stronglyConnected(graph)).contains(List.of("a", "b", "c"));
    }

    /** Package to the packages of this SDK it uses. */
    private static Map<String, Set<String>> packages() {
        var graph = new TreeMap<String, Set<String>>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var text = Files.readString(file);
                var m = PACKAGE.matcher(text);
                if (!m.find()) {
                    continue;
                }
                var pkg = m.group(1);
                var uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                var r = REFERENCE.matcher(text.substring(m.end()));
                while (r.find()) {
                    var used = r.group(1);
                    if (!used.equals(pkg) && !used.equals(ROOT)) {
                        uses.add(used);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var uses : graph.values()) {
            uses.retainAll(graph.keySet());
        }
        return graph;
    }

    /** Tarjan's strongly connected components, each sorted. */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        Deque<String> stack = new ArrayDeque<>();
        var onStack = new TreeSet<String>();
        var result = new ArrayList<List<String>>();
        int[] counter = {0};
        for (var node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, result, counter);
            }
        }
        return result;
    }

    private static void connect(
            String node,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> result,
            int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (var next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, result, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            var component = new ArrayList<String>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            result.add(component.stream().sorted().collect(Collectors.toList()));
        }
    }
}
