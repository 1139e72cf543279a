package io.engagementlake.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per lake: a lease in {@code <lake.root>/_lock} that a run takes before it writes
 * and gives back when it ends. Two runs interleaving their commits would each be valid Delta
 * transactions and still leave, say, silver built for one date and gold for another; so the
 * second run fails fast with {@link ErrorCode#LAKE_BUSY} naming the holder, or waits.
 *
 * <p>The lease survives a crash of its holder because it expires: the holder renews it from a
 * heartbeat thread every third of the lease, and a lease whose expiry has passed (holder killed,
 * machine gone) is taken over with a warning. A holder that provably died — same host, same
 * process-id namespace, its process no longer running — is taken over at once, so the rerun
 * after a crash (kill -9, out of memory) does not wait out the lease. Times come from an
 * injected {@link Clock}, so the expiry rules are tested without waiting.
 */
public final class LakeLock {
    private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The lease file's name under the lake root. */
    public static final String FILE_NAME = "_lock";
    /** How long a lease lasts unless renewed: a killed holder blocks the lake at most this long. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** How often a waiting run looks again. */
    static final Duration POLL = Duration.ofSeconds(2);
    /** Looks at a lease file that is not (yet) a whole lease before calling it damaged. */
    private static final int UNREADABLE_LOOKS = 5;

    /** Waits between looks: a real sleep, or in tests a step of their clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Who holds (or held) the lease, and until when it is valid unless renewed. The process-id
     * namespace ("pid:[4026531836]" on Linux, empty where unknown) tells whether the holder's pid
     * can be looked up from here: two containers may share a host name but not their pids.
     */
    public record Holder(String runId, String host, long pid, Instant since, Instant expiresAt, String pidNamespace) {
        public Holder {
            pidNamespace = pidNamespace == null ? "" : pidNamespace;
        }

        public Holder(String runId, String host, long pid, Instant since, Instant expiresAt) {
            this(runId, host, pid, since, expiresAt, "");
        }

        /** True once the lease's expiry has passed: the holder stopped renewing it. */
        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }

        /** "run R on host H (pid P) since T", for messages. */
        public String describe() {
            return "run " + runId + " on host " + host + " (pid " + pid + ") since " + since.truncatedTo(ChronoUnit.SECONDS);
        }

        String toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("run_id", runId);
            node.put("host", host);
            node.put("pid", pid);
            node.put("since", since.toString());
            node.put("expires_at", expiresAt.toString());
            if (!pidNamespace.isEmpty()) {
                node.put("pid_namespace", pidNamespace);
            }
            return node.toString();
        }

        static Optional<Holder> parse(String content) {
            try {
                JsonNode node = JSON.readTree(content);
                if (node == null || !node.hasNonNull("run_id") || !node.hasNonNull("expires_at")) {
                    return Optional.empty();
                }
                return Optional.of(new Holder(node.path("run_id").asText(), node.path("host").asText("?"), node.path("pid").asLong(-1),
                        Instant.parse(node.path("since").asText()), Instant.parse(node.path("expires_at").asText()),
                        node.path("pid_namespace").asText("")));
            }
            catch (IOException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private final LeaseFile file;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration lease;
    private final String host;
    private final long pid;
    private final String pidNamespace;
    private final LongPredicate processRuns;

    LakeLock(LeaseFile file, Clock clock, Sleeper sleeper, Duration lease, String host, long pid) {
        this(file, clock, sleeper, lease, host, pid, "", LakeLock::processRuns);
    }

    LakeLock(LeaseFile file, Clock clock, Sleeper sleeper, Duration lease, String host, long pid, String pidNamespace,
            LongPredicate processRuns) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        this.file = file;
        this.clock = clock;
        this.sleeper = sleeper;
        this.lease = lease;
        this.host = host;
        this.pid = pid;
        this.pidNamespace = pidNamespace;
        this.processRuns = processRuns;
    }

    /** The lock of the lake at {@code root} (any Hadoop file system), for this process. */
    public static LakeLock forLake(String root, Configuration hadoop) {
        return new LakeLock(leaseFile(root, hadoop), Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()),
                DEFAULT_LEASE, localHost(), ProcessHandle.current().pid(), localPidNamespace(), LakeLock::processRuns);
    }

    private static boolean processRuns(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The Linux process-id namespace of this process, or empty where there is none to read. */
    private static String localPidNamespace() {
        try {
            return Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
        }
        catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /** True when the holder ran in this host's process namespace and its process has ended. */
    private boolean diedHere(Holder holder) {
        return !pidNamespace.isEmpty() && holder.host().equals(host) && holder.pidNamespace().equals(pidNamespace)
                && holder.pid() != pid && !processRuns.test(holder.pid());
    }

    static LeaseFile leaseFile(String root, Configuration hadoop) {
        Path path = new Path(root, FILE_NAME);
        try {
            FileSystem fileSystem = path.getFileSystem(hadoop);
            if ("file".equals(fileSystem.getScheme())) {
                return new LocalLeaseFile(java.nio.file.Path.of(fileSystem.makeQualified(path).toUri()));
            }
            return new HadoopLeaseFile(fileSystem, fileSystem.makeQualified(path));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot reach the lake lock " + path + ": " + e.getMessage(), e);
        }
    }

    /** Where the lease file is. */
    public String location() {
        return file.location();
    }

    /** The current holder, if a run holds the lock (its lease may have expired: see {@link Holder#expiredAt}). */
    public Optional<Holder> holder() {
        try {
            return file.read().flatMap(Holder::parse);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake lock " + file.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the lock for {@code runId}, waiting up to {@code wait} for another holder to give
     * it back; an expired lease is taken over. Fails with {@link ErrorCode#LAKE_BUSY} naming the
     * holder when the wait is over.
     */
    public Lease acquire(String runId, Duration wait) {
        try {
            return acquireOrThrow(runId, wait);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot take the lake lock " + file.location() + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngagementException(ErrorCode.LAKE_BUSY, "interrupted while waiting for the lake lock " + file.location());
        }
    }

    private Lease acquireOrThrow(String runId, Duration wait) throws IOException, InterruptedException {
        Instant deadline = clock.instant().plus(wait);
        Holder takenOver = null;
        int unreadable = 0;
        while (true) {
            Instant now = clock.instant();
            Holder mine = new Holder(runId, host, pid, now, now.plus(lease), pidNamespace);
            String content = mine.toJson();
            if (file.createNew(content)) {
                return new Lease(mine, content, Optional.ofNullable(takenOver));
            }
            Optional<String> current = file.read();
            if (current.isEmpty()) {
                continue; // given back between our create and our read
            }
            Optional<Holder> holder = Holder.parse(current.get());
            if (holder.isEmpty()) {
                if (++unreadable >= UNREADABLE_LOOKS) {
                    throw new EngagementException(ErrorCode.LAKE_BUSY, "the lake lock " + file.location()
                            + " is not a lease (" + abbreviated(current.get()) + "); if no run is writing the lake, delete it");
                }
                sleeper.sleep(Duration.ofMillis(100)); // a lease being written where create and content are two steps
                continue;
            }
            if (holder.get().expiredAt(now)) {
                LOG.warn("taking over the lake lock {} of {}: its lease expired at {} (its holder died or stalled)",
                        file.location(), holder.get().describe(), holder.get().expiresAt());
                if (file.deleteIf(current.get())) {
                    takenOver = holder.get();
                }
                continue;
            }
            if (diedHere(holder.get())) {
                LOG.warn("taking over the lake lock {} of {}: that process no longer runs on this host (it crashed or was killed)",
                        file.location(), holder.get().describe());
                if (file.deleteIf(current.get())) {
                    takenOver = holder.get();
                }
                continue;
            }
            if (!now.isBefore(deadline)) {
                throw busy(holder.get(), wait);
            }
            Duration untilDeadline = Duration.between(now, deadline);
            sleeper.sleep(untilDeadline.compareTo(POLL) < 0 ? untilDeadline : POLL);
        }
    }

    private EngagementException busy(Holder holder, Duration wait) {
        StringBuilder message = new StringBuilder("the lake is busy: ").append(holder.describe())
                .append(" holds its write lock ").append(file.location())
                .append(" (lease valid until ").append(holder.expiresAt().truncatedTo(ChronoUnit.SECONDS)).append(')');
        if (!wait.isZero()) {
            message.append(" and did not give it back within ").append(wait.toSeconds()).append(" s");
        }
        if (holder.host().equals(host) && !processRuns.test(holder.pid())) {
            message.append("; process ").append(holder.pid()).append(" no longer runs on this host, so the lease is taken over once it expires");
        }
        message.append("; one run per lake at a time: rerun when it has ended, or with --wait SECONDS");
        return new EngagementException(ErrorCode.LAKE_BUSY, message.toString());
    }

    private static String abbreviated(String content) {
        String line = content.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? "empty" : line.length() <= 60 ? "'" + line + "'" : "'" + line.substring(0, 60) + "...'";
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
        }
    }

    /**
     * A held lock: renewed by {@link #renew()} (from a heartbeat thread once {@link #keepAlive()}
     * started it) and given back by {@link #close()}. A renewal that finds another lease in the
     * file (this holder stalled past its expiry and was taken over) marks the lease lost, and
     * {@link #requireHeld} then stops the run before it writes again.
     */
    public final class Lease implements AutoCloseable {
        private final Optional<Holder> takenOver;
        private volatile Holder holder;
        private volatile String content;
        private volatile String lostTo;
        private ScheduledExecutorService heartbeat;

        private Lease(Holder holder, String content, Optional<Holder> takenOver) {
            this.holder = holder;
            this.content = content;
            this.takenOver = takenOver;
        }

        public Holder holder() {
            return holder;
        }

        /** The expired lease this one replaced, if any. */
        public Optional<Holder> takenOver() {
            return takenOver;
        }

        public boolean isHeld() {
            return lostTo == null;
        }

        /** Extends the lease by a full term from now, unless another run has taken it over. */
        public synchronized void renew() {
            if (lostTo != null) {
                return;
            }
            try {
                Optional<String> current = file.read();
                if (current.isEmpty() || !current.get().equals(content)) {
                    lostTo = current.flatMap(Holder::parse).map(Holder::describe).orElse("nobody (the lease file was removed)");
                    LOG.error("lost the lake lock {}: it is now held by {}", file.location(), lostTo);
                    return;
                }
                Holder renewed = new Holder(holder.runId(), holder.host(), holder.pid(), holder.since(), clock.instant().plus(lease),
                        holder.pidNamespace());
                String json = renewed.toJson();
                file.replace(json);
                holder = renewed;
                content = json;
            }
            catch (IOException e) {
                // The next beat tries again; the lease only lapses if every beat of a term fails.
                LOG.warn("could not renew the lake lock {}: {}", file.location(), e.toString());
            }
        }

        /** Starts the heartbeat that renews the lease every third of its term. */
        public synchronized Lease keepAlive() {
            if (heartbeat == null) {
                heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "lake-lock-heartbeat");
                    thread.setDaemon(true);
                    return thread;
                });
                long every = Math.max(1, lease.toMillis() / 3);
                heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
            }
            return this;
        }

        /** Fails with {@link ErrorCode#LAKE_BUSY} if the lease was lost, before {@code what} writes anything. */
        public void requireHeld(String what) {
            if (lostTo != null) {
                throw new EngagementException(ErrorCode.LAKE_BUSY, "stopped before " + what + ": this run (" + holder.runId()
                        + ") lost the lake lock " + file.location() + " to " + lostTo + " after its lease expired");
            }
        }

        /** Stops renewing and gives the lock back (unless another run holds it now). */
        @Override
        public synchronized void close() {
            if (heartbeat != null) {
                heartbeat.shutdownNow();
                heartbeat = null;
            }
            if (lostTo == null) {
                try {
                    file.deleteIf(content);
                }
                catch (IOException e) {
                    LOG.warn("could not give back the lake lock {} (it expires at {}): {}", file.location(), holder.expiresAt(), e.toString());
                }
                lostTo = "nobody (given back)";
            }
        }
    }
}
