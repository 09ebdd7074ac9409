package dev.taskmill.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The nodes of {@link FaultsUnderLoadTest}: real {@link Main} processes on one PostgreSQL, each
 * on a fixed port, so that a restarted node serves at the same URL. Each start of a node is an
 * incarnation with a name of its own ({@code n2.3}: node 2, third start) and its own journal
 * file (see {@link JournalOperation}); the cluster remembers every incarnation and how it ended.
 */
final class LoadCluster implements AutoCloseable {

    /** One start of a node: its process, its journal, and when and how it was stopped. */
    static final class Incarnation {
        final String name;
        final int node;
        final Path journal;
        final MainProcess process;
        volatile Instant killedFrom; // SIGKILL sent
        volatile Instant killedBy; // the process was gone
        volatile Instant stoppedGracefully;

        Incarnation(String name, int node, Path journal, MainProcess process) {
            this.name = name;
            this.node = node;
            this.journal = journal;
            this.process = process;
        }

        boolean killed() {
            return killedBy != null;
        }
    }

    private final Path dir;
    private final List<String> nodeOptions;
    private final int[] ports;
    private final URI[] uris;
    private final Incarnation[] current;
    private final boolean[] live;
    private final int[] starts;
    private final List<Incarnation> all = new ArrayList<>();

    /** A cluster of {@code nodes} nodes (not started), with journals and logs in {@code dir}. */
    LoadCluster(Path dir, int nodes, List<String> nodeOptions) throws IOException {
        this.dir = dir;
        this.nodeOptions = List.copyOf(nodeOptions);
        this.ports = new int[nodes];
        this.uris = new URI[nodes];
        this.current = new Incarnation[nodes];
        this.live = new boolean[nodes];
        this.starts = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports[i] = socket.getLocalPort();
            }
            uris[i] = URI.create("http://127.0.0.1:" + ports[i] + "/pulp/api/v2/tasks/");
        }
    }

    int size() {
        return ports.length;
    }

    /** The tasks collection of node {@code i}. */
    URI tasks(int i) {
        return uris[i];
    }

    /** Starts a new incarnation of node {@code i}; returns once it listens. */
    Incarnation start(int i) throws IOException {
        String name;
        synchronized (this) {
            starts[i]++;
            name = "n" + i + "." + starts[i];
        }
        Path journal = dir.resolve(name + ".journal");
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(ports[i])));
        args.addAll(nodeOptions);
        MainProcess process = MainProcess.start(Map.of(JournalOperation.JOURNAL_VARIABLE, journal.toString(),
                JournalOperation.NODE_VARIABLE, name), "", args.toArray(String[]::new));
        Incarnation incarnation = new Incarnation(name, i, journal, process);
        synchronized (this) {
            all.add(incarnation);
            current[i] = incarnation;
        }
        process.awaitOutput(line -> line.contains("Taskmill listening on http://127.0.0.1:" + ports[i] + "/"));
        synchronized (this) {
            live[i] = true;
        }
        return incarnation;
    }

    /** SIGKILL to node {@code i}'s process; returns once it is gone. */
    Incarnation kill(int i) throws InterruptedException {
        Incarnation victim;
        synchronized (this) {
            victim = current[i];
            live[i] = false;
        }
        victim.killedFrom = Instant.now();
        victim.process.process().destroyForcibly();
        if (!victim.process.process().waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(victim.name + " did not end within 30 s of SIGKILL");
        }
        victim.killedBy = Instant.now();
        return victim;
    }

    /** SIGTERM to node {@code i}'s process, as an operator stops it; returns once it has exited. */
    Incarnation stopGracefully(int i) throws InterruptedException {
        Incarnation stopped;
        synchronized (this) {
            stopped = current[i];
            live[i] = false;
        }
        stopped.process.process().destroy();
        if (!stopped.process.process().waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(stopped.name + " did not stop within 30 s of SIGTERM");
        }
        stopped.stoppedGracefully = Instant.now();
        return stopped;
    }

    /** A node that is up, at random; none while every node is down. */
    synchronized Optional<Integer> randomLive() {
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < live.length; i++) {
            if (live[i]) {
                up.add(i);
            }
        }
        return up.isEmpty() ? Optional.empty() : Optional.of(up.get(ThreadLocalRandom.current().nextInt(up.size())));
    }

    /** Every incarnation so far, in the order they started. */
    synchronized List<Incarnation> incarnations() {
        return List.copyOf(all);
    }

    /** Stops every process (SIGTERM, then SIGKILL) and keeps each one's log in {@code logs}. */
    void stopAll(Path logs) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        synchronized (this) {
            java.util.Arrays.fill(live, false);
        }
        for (Incarnation incarnation : incarnations()) {
            incarnation.process.process().destroy();
        }
        for (Incarnation incarnation : incarnations()) {
            if (!incarnation.process.process().waitFor(15, TimeUnit.SECONDS)) {
                incarnation.process.process().destroyForcibly();
            }
            Files.writeString(logs.resolve(incarnation.name + ".log"), incarnation.process.output());
            incarnation.process.close();
        }
    }

    @Override
    public void close() throws IOException {
        for (Incarnation incarnation : incarnations()) {
            incarnation.process.close();
        }
    }
}
