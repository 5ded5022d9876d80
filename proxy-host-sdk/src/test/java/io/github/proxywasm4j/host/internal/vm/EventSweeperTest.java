package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.HostClock;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import io.github.proxywasm4j.host.internal.state.SharedStore;
import io.github.proxywasm4j.host.internal.time.RealScheduler;
import io.github.proxywasm4j.host.it.TestModules;
import io.github.proxywasm4j.host.upstream.GrpcUpstream;
import io.github.proxywasm4j.host.upstream.HttpUpstream;
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
        var c =
                PluginSettings.builder()
                        .module(Parser.parse(bytes))
                        .abi(ProxyWasmModule.load(bytes).abiVersion())
                        .rootId("add_header")
                        .pluginName("")
                        .logLevel(LogLevel.INFO)
                        .clock(HostClock.system())
                        .scheduler(RealScheduler.shared())
                        .httpUpstream(HttpUpstream.none())
                        .grpcUpstream(GrpcUpstream.none())
                        .metrics(new MetricRegistry())
                        .shared(new SharedStore())
                        .maxMemoryPages(64)
                        .failurePolicy(FailurePolicy.FAIL_CLOSED)
                        .build();
        return ProxyVm.start(c);
    }

    @Test
    void runsAnEventLeftInTheQueueOfAFreeVm() throws Exception {
        var vm = startVm();
        var ranOn = new CompletableFuture<String>();
        vm.mailbox.events.add(() -> ranOn.complete(Thread.currentThread().getName()));

        EventSweeper.watch(vm.mailbox);

        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo("proxywasm4j-event-sweeper");
        assertThat(vm.mailbox.events).isEmpty();
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
        vm.mailbox.events.add(
                () -> {
                    ranWhileHeld.set(inside.get());
                    runs.countDown();
                });

        EventSweeper.watch(vm.mailbox);
        // The sweeper keeps finding the VM held.
        assertThat(runs.await(100, TimeUnit.MILLISECONDS)).isFalse();

        letGo.countDown();
        assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
        holder.join();
        assertThat(ranWhileHeld).isFalse();
        assertThat(vm.mailbox.events).isEmpty();
    }
}
