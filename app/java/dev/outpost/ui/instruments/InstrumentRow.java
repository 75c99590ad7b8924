package dev.outpost.ui.instruments;

import dev.outpost.engine.instruments.InstrumentFinding;
import dev.outpost.engine.instruments.PortState;

import java.util.Locale;

/**
 * One row of the instruments table: one port and what was found on it, in the words the page shows.
 *
 * @param place      "Laptop" or "Gateway"
 * @param port       the port's path, with its stable name when there is one
 * @param adapter    the adapter the USB ids name
 * @param protocol   the protocol, or a word for the port's state
 * @param settings   the line settings, or a dash
 * @param identity   the instrument's identity, or a dash
 * @param confidence high, medium, low or none
 * @param details    the summary sentence and the evidence, for the details below the table
 * @param state      the outcome, for styling
 */
public record InstrumentRow(String place, String port, String adapter, String protocol, String settings,
        String identity, String confidence, String details, PortState state) {

    static InstrumentRow of(InstrumentFinding finding) {
        String place = finding.port().location().label();
        String port = finding.port().path() + (finding.port().stableName() == null ? ""
                : "\n" + finding.port().stableName());
        StringBuilder details = new StringBuilder(finding.summary());
        finding.adapter().warnings().forEach(warning -> details.append("\n\n").append(warning));
        if (!finding.evidence().isEmpty()) {
            details.append("\n\nWhat Outpost found:");
            finding.evidence().forEach(line -> details.append("\n- ").append(line));
        }
        return new InstrumentRow(Character.toUpperCase(place.charAt(0)) + place.substring(1), port,
                finding.adapter().name(), protocol(finding), finding.settings() == null ? "-"
                : finding.settings().toString(), finding.identity() == null ? "-" : finding.identity(),
                finding.confidence().name().toLowerCase(Locale.ROOT), details.toString(), finding.state());
    }

    private static String protocol(InstrumentFinding finding) {
        if (finding.protocol() != null) {
            return finding.protocol().displayName() + (finding.state() == PortState.SHARED_BUS
                    ? " (other master)" : "");
        }
        return switch (finding.state()) {
            case BUSY -> "In use by another program";
            case NOT_PERMITTED -> "Not permitted";
            case LOST -> "Port went away";
            default -> "Not recognised";
        };
    }
}
