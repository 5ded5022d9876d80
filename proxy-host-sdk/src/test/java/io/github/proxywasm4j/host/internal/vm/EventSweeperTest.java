package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.GrpcUpstream;
import io.github.proxywasm4j.host.HostClock;
import io.github.proxywasm4j.host.HttpUpstream;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.abi.LogLevel;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import io.github.proxywasm4j.host.internal.state.SharedStore;
import io.github.proxywasm4j.host.internal.time.RealScheduler;
import io.github.proxywasm4j.host.it.TestModules;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The sweeper's part of the VM lock: an event left in the queue of a VM that nobody looks at any
 * more (the state a poster leaves behind when the holder's last look missed its event) still runs,
 * and never while another thread holds the VM.
 */
class EventSweeperTest {
    private static ProxyVm startVm() throws ProxyVm.StartFailure {
        var bytes = TestModules.bytes(TestModules.ADD_HEADER);
        var c = new PluginConfig();
        c.module = Parser.parse(bytes);
        c.abi = ProxyWasmModule.load(bytes).abiVersion();
        c.rootId = "add_header";
        c.vmId = "";
        c.pluginName = "";
        c.vmConfiguration = new byte[0];
        c.pluginConfiguration = new byte[0];
        c.properties = Map.of();
        c.environment = Map.of();
        c.logLevel = LogLevel.INFO;
        c.logs = entry -> {};
        c.clock = HostClock.system();
        c.scheduler = RealScheduler.shared();
        c.httpUpstream = HttpUpstream.none();
        c.grpcUpstream = GrpcUpstream.none();
        c.foreignFunctions = Map.of();
        c.metrics = new MetricRegistry();
        c.shared = new SharedStore();
        c.maxMemoryPages = 64;
        c.deadlineNanos = 0;
        c.failurePolicy = FailurePolicy.FAIL_CLOSED;
        c.onFailure = f -> {};
        return ProxyVm.start(c);
    }

    @Test
    void runsAnEventLeftInTheQueueOfAFreeVm() throws Exception {
        var vm = startVm();
        var ranOn = new CompletableFuture<String>();
        vm.events.add(() -> ranOn.complete(Thread.currentThread().getName()));

        EventSweeper.watch(vm);

        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo("proxywasm4j-event-sweeper");
        assertThat(vm.events).isEmpty();
    }

    @Test
    void doesNotRunItWhileAnotherThreadHoldsTheVm() throws Exception {
        var vm = startVm();
        var held = new CountDownLatch(1);
        var letGo = new CountDownLatch(1);
        var inside = new AtomicBoolean();
        var holder =
                new Thread(
                        () -> {
                            vm.lock();
                            inside.set(true);
                            held.countDown();
                            try {
                                letGo.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            inside.set(false);
                            vm.unlock();
                        });
        holder.start();
        held.await();
        var ranWhileHeld = new AtomicBoolean();
        var runs = new CountDownLatch(1);
        vm.events.add(
                () -> {
                    ranWhileHeld.set(inside.get());
                    runs.countDown();
                });

        EventSweeper.watch(vm);
        // The sweeper keeps finding the VM held.
        assertThat(runs.await(100, TimeUnit.MILLISECONDS)).isFalse();

        letGo.countDown();
        assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
        holder.join();
        assertThat(ranWhileHeld).isFalse();
        assertThat(vm.events).isEmpty();
    }
}
