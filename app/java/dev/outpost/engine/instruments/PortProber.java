package dev.outpost.engine.instruments;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Identifies the instrument on one open line, safely: it listens first and transmits only on a silent line, then
 * sends read-only probes in a fixed order: Modbus RTU Read Device Identification and one register read over the
 * configured unit ids and line settings, then SCPI {@code *IDN?}. It stops at the first answer, and every step is
 * cut to what is left of the port's time budget.
 */
final class PortProber {

    private static final Logger log = LoggerFactory.getLogger(PortProber.class);
    static final int LISTEN_MAX_BYTES = 4096;
    /** Enough valid sentences to stop listening early once a maker's proprietary sentence was among them. */
    static final int NMEA_ENOUGH = 4;
    /**
     * Enough valid sentences to stop listening early without a proprietary sentence. A receiver sends one burst of
     * sentences a second, and those that name the maker may come last in it.
     */
    static final int NMEA_ENOUGH_WITHOUT_MAKER = 20;
    /** The fewest valid sentences that identify an NMEA device; one could be chance. */
    static final int NMEA_MIN = 2;
    static final int NMEA_HIGH = 3;
    /** The largest Modbus reply the probes expect, for the time its characters take on the line. */
    static final int MODBUS_REPLY_CHARACTERS = 64;

    private final ProbeSettings settings;
    private final LongSupplier nanoTime;

    PortProber(ProbeSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** The parts of a finding that probing decides; the scan adds the port and the adapter. */
    record Outcome(PortState state, Protocol protocol, LineSettings settings, String identity,
            Confidence confidence, String summary, List<String> evidence) {
    }

    /**
     * Probes the line until something answers or the budget ends. Blocks for at most about the budget.
     *
     * @throws PortException {@link PortException.Kind#LOST} when the line fails while in use
     */
    Outcome probe(SerialLine line, long deadline) throws PortException {
        List<String> evidence = new ArrayList<>();
        Optional<Outcome> heard = listen(line, deadline, evidence);
        if (heard.isPresent()) {
            return heard.get();
        }
        if (remaining(deadline).isZero()) {
            return outOfTime(evidence);
        }
        Optional<Outcome> modbus = probeModbus(line, deadline, evidence);
        if (modbus.isPresent()) {
            return modbus.get();
        }
        Optional<Outcome> scpi = probeScpi(line, deadline, evidence);
        if (scpi.isPresent()) {
            return scpi.get();
        }
        if (remaining(deadline).isZero()) {
            return outOfTime(evidence);
        }
        return unknown("No instrument answered on this port. Check that the instrument is switched on and its"
                + " cable is plugged in, then choose Re-scan; an instrument with another protocol is not"
                + " recognised yet.", evidence);
    }

    /** Listens at each speed; returns an outcome when the line is not silent, so nothing may be sent on it. */
    private Optional<Outcome> listen(SerialLine line, long deadline, List<String> evidence) throws PortException {
        boolean traffic = false;
        for (LineSettings at : settings.listenSettings()) {
            if (remaining(deadline).isZero()) {
                break;
            }
            if (!configure(line, at, evidence)) {
                continue;
            }
            Duration window = cut(settings.listenWindow(), deadline);
            byte[] bytes = line.listen(window, LISTEN_MAX_BYTES, PortProber::heardEnoughNmea);
            if (bytes.length == 0) {
                evidence.add("The line was silent for " + window.toMillis() + " ms at " + at + ".");
                return Optional.empty();
            }
            Nmea.Summary nmea = Nmea.scan(bytes);
            if (nmea.valid() >= NMEA_MIN) {
                evidence.add("Received " + nmea.valid() + " NMEA sentences with correct checksums at " + at
                        + (nmea.invalid() > 0 ? ", and " + nmea.invalid() + " cut short or with a wrong checksum"
                        : "") + ".");
                return Optional.of(nmeaOutcome(at, nmea, evidence));
            }
            int frames = ModbusRtu.countFrames(bytes);
            if (frames >= 2) {
                evidence.add("Received " + frames + " Modbus RTU frames with correct CRCs at " + at + ".");
                return Optional.of(new Outcome(PortState.SHARED_BUS, Protocol.MODBUS_RTU, at, null,
                        Confidence.MEDIUM, "Another Modbus master is already talking on this line, so Outpost only"
                        + " listened and sent nothing. Ask who runs that master before connecting anything else"
                        + " to this bus.", evidence));
            }
            traffic = true;
            evidence.add("Received " + bytes.length + " bytes at " + at + " that fit no known protocol"
                    + (nmea.invalid() > 0 ? " (" + nmea.invalid() + " NMEA sentences cut short or with a wrong"
                    + " checksum)" : "") + ".");
        }
        if (traffic) {
            return Optional.of(unknown("The instrument on this port sends data that Outpost does not recognise,"
                    + " so Outpost sent nothing to it. Note what the instrument is from its label.", evidence));
        }
        return Optional.empty();
    }

    private static boolean heardEnoughNmea(byte[] received) {
        Nmea.Summary summary = Nmea.scan(received);
        return summary.valid() >= NMEA_ENOUGH_WITHOUT_MAKER
                || summary.valid() >= NMEA_ENOUGH && !summary.makers().isEmpty();
    }

    private Outcome nmeaOutcome(LineSettings at, Nmea.Summary nmea, List<String> evidence) {
        StringBuilder identity = new StringBuilder("GNSS receiver");
        if (!nmea.makers().isEmpty()) {
            identity.append(" by ").append(String.join(" or ", nmea.makers()));
        }
        if (!nmea.talkers().isEmpty()) {
            identity.append(", talkers ").append(String.join(", ", nmea.talkers()));
        }
        Confidence confidence = nmea.valid() >= NMEA_HIGH ? Confidence.HIGH : Confidence.MEDIUM;
        return new Outcome(PortState.IDENTIFIED, Protocol.NMEA_0183, at, identity.toString(), confidence,
                "A GPS or GNSS receiver sends NMEA 0183 sentences at " + at + ".", evidence);
    }

    private Optional<Outcome> probeModbus(SerialLine line, long deadline, List<String> evidence)
            throws PortException {
        for (LineSettings at : settings.modbusSettings()) {
            if (!configure(line, at, evidence)) {
                continue;
            }
            Duration window = settings.modbusWindow().plus(at.characterTime().multipliedBy(
                    MODBUS_REPLY_CHARACTERS + 8L));
            for (int unit : settings.modbusUnitIds()) {
                if (remaining(deadline).isZero()) {
                    return Optional.empty();
                }
                byte[] request = ModbusRtu.readDeviceIdentification(unit);
                byte[] reply = line.exchange(request, cut(window, deadline), r -> ModbusRtu.isComplete(request, r));
                if (isEcho(request, reply)) {
                    return Optional.of(echo(evidence));
                }
                Optional<ModbusRtu.Reply> identification = ModbusRtu.parseReply(request, reply);
                if (identification.orElse(null) instanceof ModbusRtu.Identification found) {
                    evidence.add("Modbus unit " + unit + " returned its device identification at " + at + ".");
                    return Optional.of(modbusIdentified(at, unit, found, evidence));
                }
                if (remaining(deadline).isZero()) {
                    return Optional.empty();
                }
                byte[] read = ModbusRtu.readOneRegister(unit, 0);
                byte[] value = line.exchange(read, cut(window, deadline), r -> ModbusRtu.isComplete(read, r));
                Optional<ModbusRtu.Reply> register = ModbusRtu.parseReply(read, value);
                if (identification.isPresent() || register.isPresent()) {
                    evidence.add("Modbus unit " + unit + " replied at " + at + " but has no device identification"
                            + " (" + describe(identification.orElse(null)) + "; register 0: "
                            + describe(register.orElse(null)) + ").");
                    return Optional.of(new Outcome(PortState.IDENTIFIED, Protocol.MODBUS_RTU, at,
                            "Modbus unit " + unit + ", which does not report its maker", Confidence.MEDIUM,
                            "A Modbus RTU device answers as unit " + unit + " at " + at + ".", evidence));
                }
            }
            evidence.add("No Modbus unit among " + settings.modbusUnitIds() + " answered at " + at + ".");
        }
        return Optional.empty();
    }

    private static Outcome modbusIdentified(LineSettings at, int unit, ModbusRtu.Identification found,
            List<String> evidence) {
        List<String> parts = new ArrayList<>();
        found.objects().forEach((id, value) -> {
            if (!value.isEmpty() && id <= 2) {
                parts.add(id == 2 ? "revision " + value : value);
            }
        });
        String identity = String.join(" ", parts) + " (unit " + unit + ")";
        return new Outcome(PortState.IDENTIFIED, Protocol.MODBUS_RTU, at, identity.strip(), Confidence.HIGH,
                "A Modbus RTU device answers as unit " + unit + " at " + at + ".", evidence);
    }

    private static String describe(ModbusRtu.Reply reply) {
        if (reply == null) {
            return "no reply";
        }
        if (reply instanceof ModbusRtu.ExceptionReply exception) {
            return "exception " + exception.code();
        }
        if (reply instanceof ModbusRtu.Register register) {
            return "value " + register.value();
        }
        return "identification";
    }

    private Optional<Outcome> probeScpi(SerialLine line, long deadline, List<String> evidence)
            throws PortException {
        for (LineSettings at : settings.scpiSettings()) {
            if (!configure(line, at, evidence)) {
                continue;
            }
            for (String terminator : settings.scpiTerminators()) {
                if (remaining(deadline).isZero()) {
                    return Optional.empty();
                }
                byte[] query = Scpi.query(terminator);
                byte[] reply = line.exchange(query, cut(settings.scpiWindow(), deadline), Scpi::isComplete);
                if (isEcho(query, reply)) {
                    return Optional.of(echo(evidence));
                }
                Optional<Scpi.Identity> identity = Scpi.parse(query, reply);
                if (identity.isPresent()) {
                    evidence.add("*IDN? with " + terminatorName(terminator) + " at " + at + " returned '"
                            + new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1).strip() + "'.");
                    return Optional.of(new Outcome(PortState.IDENTIFIED, Protocol.SCPI, at,
                            identity.get().describe(), Confidence.HIGH, "An SCPI instrument answers *IDN? at " + at
                            + ".", evidence));
                }
            }
            evidence.add("Nothing answered *IDN? at " + at + ".");
        }
        return Optional.empty();
    }

    private static String terminatorName(String terminator) {
        return terminator.replace("\r", "CR ").replace("\n", "LF ").strip();
    }

    /** True when the reply begins with the request itself, as on a line that sends back what it receives. */
    private static boolean isEcho(byte[] request, byte[] reply) {
        return reply.length >= request.length && Arrays.equals(Arrays.copyOf(reply, request.length), request);
    }

    private static Outcome echo(List<String> evidence) {
        evidence.add("The line sent the probe back unchanged.");
        return new Outcome(PortState.UNKNOWN, null, null, null, Confidence.NONE, "This port sends back whatever it"
                + " receives, as a loopback plug or a terminal with echo on does, so no instrument could be"
                + " identified. Check what is plugged into it.", evidence);
    }

    private boolean configure(SerialLine line, LineSettings at, List<String> evidence) throws PortException {
        try {
            line.configure(at);
            return true;
        } catch (PortException e) {
            if (e.kind() != PortException.Kind.SETTINGS_REJECTED) {
                throw e;
            }
            log.debug("The port rejected {}: {}", at, e.getMessage());
            String note = "The port cannot be set to " + at + ", so that setting was skipped.";
            if (!evidence.contains(note)) {
                evidence.add(note);
            }
            return false;
        }
    }

    private Outcome outOfTime(List<String> evidence) {
        return unknown("Probing stopped at the port's time budget of " + settings.portBudget().toSeconds() + " s"
                + " before every probe was tried. Choose Re-scan, or allow more time per port.", evidence);
    }

    private static Outcome unknown(String summary, List<String> evidence) {
        return new Outcome(PortState.UNKNOWN, null, null, null, Confidence.NONE, summary, evidence);
    }

    private Duration remaining(long deadline) {
        long left = deadline - nanoTime.getAsLong();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private Duration cut(Duration window, long deadline) {
        Duration left = remaining(deadline);
        return window.compareTo(left) < 0 ? window : left;
    }
}
