package io.github.proxywasm4j.benchmarks;

/**
 * Runs requests through one plugin in a loop for a while, for a profiler (JFR) to look at:
 * {@code java -XX:StartFlightRecording=... -cp <classpath> ...ProfileLoop add_header COMPILER 20}.
 * Prints the request rate at the end.
 */
public final class ProfileLoop {

    private ProfileLoop() {}

    /** Arguments: module name, engine, seconds. */
    public static void main(String[] args) {
        var fixture = new Fixture(args.length > 0 ? args[0] : "add_header");
        var engine = BenchEngine.valueOf(args.length > 1 ? args[1] : "COMPILER");
        var seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (var plugin = fixture.plugin(fixture.load(engine), engine)) {
            fixture.check(plugin, fixture.request(plugin));
            var end = System.nanoTime() + seconds * 1_000_000_000L;
            long n = 0;
            var start = System.nanoTime();
            while (System.nanoTime() < end) {
                for (var i = 0; i < 1000; i++) {
                    fixture.request(plugin);
                }
                n += 1000;
            }
            var rate = n / ((System.nanoTime() - start) / 1e9);
            System.out.printf("%s %s: %,.0f requests/s%n", fixture.name, engine, rate);
        }
    }
}
