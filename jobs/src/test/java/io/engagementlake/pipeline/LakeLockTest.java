package io.engagementlake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake lock's lease on a real lease file in a temporary folder, with a clock the test moves
 * by hand: a second run is refused naming the holder, a renewed lease stays held, an expired
 * one is taken over, waiting ends when the holder gives back or the wait runs out.
 */
class LakeLockTest {
    private static final Instant START = Instant.parse("2025-06-30T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    @TempDir
    Path lake;

    private final MovableClock clock = new MovableClock(START);

    @Test
    void aSecondRunIsRefusedWithTheHolderNamed() {
        LakeLock.Lease first = lock("host-a", 101).acquire("run-a", Duration.ZERO);

        assertThatThrownBy(() -> lock("host-b", 202).acquire("run-b", Duration.ZERO))
                .isInstanceOfSatisfying(EngagementException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LAKE_BUSY))
                .hasMessage("the lake is busy: run run-a on host host-a (pid 101) since 2025-06-30T10:00:00Z holds its write lock "
                        + lake.resolve("_lock") + " (lease valid until 2025-06-30T10:01:00Z); one run per lake at a time: "
                        + "rerun when it has ended, or with --wait SECONDS");
        assertThat(first.isHeld()).isTrue();
    }

    @Test
    void aGivenBackLockIsFreeAtOnce() throws Exception {
        lock("host-a", 101).acquire("run-a", Duration.ZERO).close();

        assertThat(Files.exists(lake.resolve("_lock"))).isFalse();
        LakeLock.Lease second = lock("host-b", 202).acquire("run-b", Duration.ZERO);
        assertThat(second.takenOver()).isEmpty();
        assertThat(second.holder().runId()).isEqualTo("run-b");
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstTerm() {
        LakeLock.Lease first = lock("host-a", 101).acquire("run-a", Duration.ZERO);
        clock.advance(Duration.ofSeconds(40));
        first.renew();
        clock.advance(Duration.ofSeconds(40)); // 80 s after the start: past the first term, within the renewed one

        assertThatThrownBy(() -> lock("host-b", 202).acquire("run-b", Duration.ZERO))
                .hasMessageContaining("run run-a on host host-a (pid 101) since 2025-06-30T10:00:00Z")
                .hasMessageContaining("lease valid until 2025-06-30T10:01:40Z");
        assertThat(first.isHeld()).isTrue();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderStopsBeforeItsNextJob() {
        LakeLock.Lease dead = lock("host-a", 101).acquire("run-a", Duration.ZERO);
        clock.advance(Duration.ofSeconds(60)); // the holder stopped renewing: its lease expires at 10:01:00

        LakeLock.Lease second = lock("host-b", 202).acquire("run-b", Duration.ZERO);

        assertThat(second.takenOver()).hasValueSatisfying(stale -> {
            assertThat(stale.runId()).isEqualTo("run-a");
            assertThat(stale.expiresAt()).isEqualTo(Instant.parse("2025-06-30T10:01:00Z"));
        });
        assertThat(second.holder().since()).isEqualTo(Instant.parse("2025-06-30T10:01:00Z"));
        assertThat(second.holder().expiresAt()).isEqualTo(Instant.parse("2025-06-30T10:02:00Z"));
        // The stalled holder wakes up: its renewal finds run-b's lease and gives up, and the
        // runner's check before the next job stops it.
        dead.renew();
        assertThat(dead.isHeld()).isFalse();
        assertThatThrownBy(() -> dead.requireHeld("job silver_customers"))
                .isInstanceOfSatisfying(EngagementException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LAKE_BUSY))
                .hasMessageStartingWith("stopped before job silver_customers: this run (run-a) lost the lake lock")
                .hasMessageContaining("to run run-b on host host-b (pid 202)");
        // Closing the lost lease leaves run-b's in place.
        dead.close();
        assertThat(lock("host-c", 303).holder()).hasValueSatisfying(holder -> assertThat(holder.runId()).isEqualTo("run-b"));
    }

    @Test
    void aLeaseOneMillisecondBeforeItsExpiryIsStillHeld() {
        lock("host-a", 101).acquire("run-a", Duration.ZERO);
        clock.advance(Duration.ofSeconds(60).minusMillis(1));

        assertThatThrownBy(() -> lock("host-b", 202).acquire("run-b", Duration.ZERO)).hasMessageStartingWith("the lake is busy");
    }

    @Test
    void aWaitingRunGetsTheLockWhenTheHolderGivesItBack() {
        LakeLock.Lease first = lock("host-a", 101).acquire("run-a", Duration.ZERO);
        // Each of the waiter's sleeps moves the clock; the holder ends 5 s after the start.
        LakeLock waiter = new LakeLock(new LocalLeaseFile(lake.resolve("_lock")), clock, duration -> {
            clock.advance(duration);
            if (!clock.instant().isBefore(START.plusSeconds(5))) {
                first.close();
            }
        }, LEASE, "host-b", 202);

        LakeLock.Lease second = waiter.acquire("run-b", Duration.ofSeconds(30));

        // Polls every 2 s: it looks at 0, 2, 4 and 6 s, and gets the lock at 6 s.
        assertThat(second.holder().since()).isEqualTo(START.plusSeconds(6));
        assertThat(second.takenOver()).isEmpty();
    }

    @Test
    void aWaitThatRunsOutFailsWithTheHolderNamed() {
        lock("host-a", 101).acquire("run-a", Duration.ZERO);

        assertThatThrownBy(() -> lock("host-b", 202).acquire("run-b", Duration.ofSeconds(5)))
                .hasMessageContaining("run run-a on host host-a (pid 101)")
                .hasMessageContaining("did not give it back within 5 s");
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aLockFileThatIsNotALeaseIsNamedNotOverwritten() throws Exception {
        Files.writeString(lake.resolve("_lock"), "garbage");

        assertThatThrownBy(() -> lock("host-b", 202).acquire("run-b", Duration.ZERO))
                .isInstanceOfSatisfying(EngagementException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LAKE_BUSY))
                .hasMessage("the lake lock " + lake.resolve("_lock") + " is not a lease ('garbage'); if no run is writing the lake, delete it");
        assertThat(Files.readString(lake.resolve("_lock"))).isEqualTo("garbage");
    }

    @Test
    void ofManyRunsCreatingTheLeaseAtOnceExactlyOneGetsIt() throws Exception {
        int contenders = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String content = "lease " + i;
                Callable<Boolean> create = () -> {
                    start.await();
                    return new LocalLeaseFile(lake.resolve("_lock")).createNew(content);
                };
                created.add(threads.submit(create));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : created) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(Files.readString(lake.resolve("_lock"))).startsWith("lease ");
            try (var files = Files.list(lake)) {
                assertThat(files.map(path -> path.getFileName().toString())).containsExactly("_lock");
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aHolderWhoseProcessEndedOnThisHostIsTakenOverAtOnce() {
        Set<Long> running = new HashSet<>(Set.of(101L, 202L));
        lock("box", 101, "pid:[1]", running).acquire("run-a", Duration.ZERO);
        running.remove(101L); // killed: it never gave the lease back

        LakeLock.Lease second = lock("box", 202, "pid:[1]", running).acquire("run-b", Duration.ZERO);

        assertThat(second.takenOver()).map(LakeLock.Holder::runId).contains("run-a");
        assertThat(second.holder().since()).as("no wait for the lease to expire").isEqualTo(START);
    }

    @Test
    void aHolderIsWaitedForWhileItsProcessRunsOrCannotBeSeenFromHere() {
        Set<Long> running = new HashSet<>(Set.of(101L, 202L));
        lock("box", 101, "pid:[1]", running).acquire("run-a", Duration.ZERO);

        assertThatThrownBy(() -> lock("box", 202, "pid:[1]", running).acquire("run-b", Duration.ZERO))
                .as("its process runs").hasMessageStartingWith("the lake is busy: run run-a");
        running.remove(101L);
        assertThatThrownBy(() -> lock("box", 202, "pid:[2]", running).acquire("run-b", Duration.ZERO))
                .as("another container with the same host name").hasMessageStartingWith("the lake is busy: run run-a");
        assertThatThrownBy(() -> lock("other-box", 202, "pid:[1]", running).acquire("run-b", Duration.ZERO))
                .as("another host").hasMessageStartingWith("the lake is busy: run run-a");
        assertThatThrownBy(() -> lock("box", 202, "", running).acquire("run-b", Duration.ZERO))
                .as("no namespace to compare").hasMessageStartingWith("the lake is busy: run run-a");
    }

    private LakeLock lock(String host, long pid) {
        return new LakeLock(new LocalLeaseFile(lake.resolve("_lock")), clock, clock::advance, LEASE, host, pid);
    }

    private LakeLock lock(String host, long pid, String pidNamespace, Set<Long> runningProcesses) {
        return new LakeLock(new LocalLeaseFile(lake.resolve("_lock")), clock, clock::advance, LEASE, host, pid, pidNamespace,
                runningProcesses::contains);
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
