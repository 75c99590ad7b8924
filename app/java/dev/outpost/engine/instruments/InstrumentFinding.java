package dev.outpost.engine.instruments;

import java.util.List;

/**
 * What Outpost found on one port.
 *
 * @param port       the port as enumerated
 * @param adapter    the adapter the USB ids and driver name; it names the cable, not the instrument
 * @param state      the outcome of probing
 * @param protocol   the recognised protocol, or {@code null}
 * @param settings   the line settings the instrument answered at, or {@code null}
 * @param identity   what the instrument said it is, in one line, or {@code null}
 * @param confidence how sure the protocol and identity are
 * @param summary    one sentence for the person: what was found and, where something is wrong, what to do
 * @param evidence   the facts behind the finding, for the details and the diagnostics export
 */
public record InstrumentFinding(SerialPortInfo port, SerialAdapter adapter, PortState state, Protocol protocol,
        LineSettings settings, String identity, Confidence confidence, String summary, List<String> evidence) {

    public InstrumentFinding {
        evidence = List.copyOf(evidence);
    }
}
