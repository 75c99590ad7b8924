package dev.outpost.engine.instruments;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Scans ports: every port on its own thread at the same time, each with its own time budget. A port whose probing
 * overruns its budget, as a hung native call can on some systems, is closed from outside and reported as unknown,
 * so one port never holds up the scan.
 */
public final class InstrumentScan {

    private static final Logger log = LoggerFactory.getLogger(InstrumentScan.class);
    /** Time beyond the budget for a port's thread to close its line before the scan stops waiting for it. */
    static final Duration GRACE = Duration.ofSeconds(3);

    /** Receives each port's progress; called on the scan's threads. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void portStarted(SerialPortInfo port) {
        }

        default void portFinished(InstrumentFinding finding) {
        }
    }

    private final AdapterCatalog adapters;
    private final ProbeSettings settings;
    private final Clock clock;
    private final LongSupplier nanoTime;

    public InstrumentScan(AdapterCatalog adapters, ProbeSettings settings, Clock clock) {
        this(adapters, settings, clock, System::nanoTime);
    }

    InstrumentScan(AdapterCatalog adapters, ProbeSettings settings, Clock clock, LongSupplier nanoTime) {
        this.adapters = adapters;
        this.settings = settings;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** Lists the ports of the place and probes all of them. Blocks for about one port's budget. */
    public InstrumentInventory scan(SerialPorts ports, String host, Listener listener) throws PortException {
        return scan(ports, ports.list(), host, listener);
    }

    /**
     * Probes the given ports, all at once. Blocks for about one port's budget.
     *
     * @param host the gateway's address, or {@code null} on the laptop
     */
    public InstrumentInventory scan(SerialPorts ports, List<SerialPortInfo> chosen, String host,
            Listener listener) {
        Instant started = clock.instant();
        log.info("Scanning {} serial ports on the {}.", chosen.size(), ports.location().label());
        if (chosen.isEmpty()) {
            return new InstrumentInventory(ports.location(), host, started, List.of());
        }
        ExecutorService threads = Executors.newFixedThreadPool(chosen.size(), new PortThreads());
        try {
            List<Future<InstrumentFinding>> running = new ArrayList<>();
            List<AtomicReference<SerialLine>> lines = new ArrayList<>();
            for (SerialPortInfo port : chosen) {
                AtomicReference<SerialLine> open = new AtomicReference<>();
                lines.add(open);
                running.add(threads.submit(() -> probe(ports, port, open, listener)));
            }
            List<InstrumentFinding> findings = new ArrayList<>();
            long waitUntil = nanoTime.getAsLong() + settings.portBudget().plus(GRACE).toNanos();
            for (int i = 0; i < chosen.size(); i++) {
                findings.add(await(running.get(i), lines.get(i), chosen.get(i), waitUntil, listener));
            }
            log.info("The scan of the {} found {} of {} ports identified.", ports.location().label(),
                    findings.stream().filter(f -> f.state() == PortState.IDENTIFIED).count(), findings.size());
            return new InstrumentInventory(ports.location(), host, started, findings);
        } finally {
            threads.shutdownNow();
        }
    }

    private InstrumentFinding probe(SerialPorts ports, SerialPortInfo port, AtomicReference<SerialLine> open,
            Listener listener) {
        listener.portStarted(port);
        long deadline = nanoTime.getAsLong() + settings.portBudget().toNanos();
        SerialAdapter adapter = adapters.adapterOf(port);
        InstrumentFinding finding;
        SerialLine line = null;
        try {
            line = ports.open(port);
            open.set(line);
            PortProber.Outcome outcome = new PortProber(settings, nanoTime).probe(line, deadline);
            finding = new InstrumentFinding(port, adapter, outcome.state(), outcome.protocol(), outcome.settings(),
                    outcome.identity(), outcome.confidence(), outcome.summary(), outcome.evidence());
        } catch (PortException e) {
            log.info("The port {} could not be probed: {}", port.path(), e.getMessage());
            finding = failed(port, adapter, e);
        } catch (RuntimeException e) {
            log.error("Probing the port {} failed unexpectedly.", port.path(), e);
            finding = new InstrumentFinding(port, adapter, PortState.UNKNOWN, null, null, null, Confidence.NONE,
                    "Probing this port failed unexpectedly. Choose Re-scan; if it happens again, send Outpost's"
                    + " log to head office.", List.of(e.toString()));
        } finally {
            if (line != null) {
                line.close();
            }
        }
        log.debug("Port {}: {} {} {}", port.path(), finding.state(), finding.protocol(), finding.identity());
        listener.portFinished(finding);
        return finding;
    }

    private static InstrumentFinding failed(SerialPortInfo port, SerialAdapter adapter, PortException e) {
        PortState state = switch (e.kind()) {
            case BUSY -> PortState.BUSY;
            case NOT_PERMITTED -> PortState.NOT_PERMITTED;
            case LOST -> PortState.LOST;
            case SETTINGS_REJECTED, LIBRARY_MISSING -> PortState.UNKNOWN;
        };
        return new InstrumentFinding(port, adapter, state, null, null, null, Confidence.NONE, e.getMessage(),
                e.getCause() == null ? List.of() : List.of(e.getCause().toString()));
    }

    private InstrumentFinding await(Future<InstrumentFinding> running, AtomicReference<SerialLine> line,
            SerialPortInfo port, long waitUntil, Listener listener) {
        try {
            long left = Math.max(0, waitUntil - nanoTime.getAsLong());
            return running.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("Probing the port {} overran its budget and is stopped.", port.path());
            running.cancel(true);
            SerialLine open = line.get();
            if (open != null) {
                open.close();
            }
            InstrumentFinding finding = new InstrumentFinding(port, adapters.adapterOf(port), PortState.UNKNOWN,
                    null, null, null, Confidence.NONE, "The port did not respond within its time budget of "
                    + settings.portBudget().toSeconds() + " s. Unplug the adapter, plug it in again, then choose"
                    + " Re-scan.", List.of());
            listener.portFinished(finding);
            return finding;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Probing the port " + port.path() + " failed.", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            return new InstrumentFinding(port, adapters.adapterOf(port), PortState.UNKNOWN, null, null, null,
                    Confidence.NONE, "The scan was stopped before this port was probed. Choose Re-scan.",
                    List.of());
        }
    }

    /** Daemon threads named after the scan, so a hung port never keeps Outpost open. */
    private static final class PortThreads implements java.util.concurrent.ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "outpost-serial-probe-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
