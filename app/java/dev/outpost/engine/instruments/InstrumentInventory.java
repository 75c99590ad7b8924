package dev.outpost.engine.instruments;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of one scan: every port of one place and what is on it.
 *
 * @param location  where the ports are
 * @param host      the gateway's address for a gateway scan, or {@code null} on the laptop
 * @param scannedAt when the scan started
 * @param findings  one per port, in the order the ports were listed
 */
public record InstrumentInventory(PortLocation location, String host, Instant scannedAt,
        List<InstrumentFinding> findings) {

    public InstrumentInventory {
        findings = List.copyOf(findings);
    }

    /** Returns the protocols identified on at least one port. */
    public Set<Protocol> protocols() {
        Set<Protocol> found = EnumSet.noneOf(Protocol.class);
        for (InstrumentFinding finding : findings) {
            if (finding.protocol() != null && finding.state() == PortState.IDENTIFIED) {
                found.add(finding.protocol());
            }
        }
        return found;
    }
}
