package dev.outpost.engine.instruments;

import java.time.Duration;
import java.util.List;

/**
 * The bounds of a scan: which line settings and Modbus unit ids are tried, how long each step waits, and the time
 * budget of each port. Ports are probed in parallel, so a scan takes about one port's budget.
 *
 * @param listenSettings  the speeds listened at, in order; listening moves to the next only when bytes arrived
 *                        that no protocol explains, because a silent line is silent at every speed
 * @param listenWindow    how long to listen at each speed
 * @param modbusSettings  the line settings Modbus probes are sent at, in order
 * @param modbusUnitIds   the unit ids probed at each setting, each from 1 to 247
 * @param modbusWindow    how long to wait for a Modbus reply, on top of the time its characters take
 * @param scpiSettings    the line settings {@code *IDN?} is sent at, in order
 * @param scpiTerminators the line terminators tried with {@code *IDN?}, in order
 * @param scpiWindow      how long to wait for an {@code *IDN?} reply
 * @param portBudget      the longest one port is probed; what is not tried by then is skipped
 */
public record ProbeSettings(List<LineSettings> listenSettings, Duration listenWindow,
        List<LineSettings> modbusSettings, List<Integer> modbusUnitIds, Duration modbusWindow,
        List<LineSettings> scpiSettings, List<String> scpiTerminators, Duration scpiWindow, Duration portBudget) {

    /** The most unit ids one scan probes, so that a long range cannot make the scan run for minutes. */
    public static final int MAX_UNIT_IDS = 32;

    /**
     * The defaults. Listening starts with the NMEA speeds 4800 and 9600; Modbus is tried at 9600 8N1, 19200 8E1
     * (the specification's default), 9600 8E1 and 19200 8N1, on unit ids 1 to 4 and 247.
     */
    public static final ProbeSettings DEFAULT = new ProbeSettings(
            List.of(LineSettings.of(4800), LineSettings.of(9600), LineSettings.of(38400), LineSettings.of(115200)),
            Duration.ofMillis(1500),
            List.of(LineSettings.of(9600), LineSettings.parse("19200 8E1"), LineSettings.parse("9600 8E1"),
                    LineSettings.of(19200)),
            List.of(1, 2, 3, 4, 247), Duration.ofMillis(100),
            List.of(LineSettings.of(9600), LineSettings.of(115200)), List.of("\n", "\r\n", "\r"),
            Duration.ofMillis(500), Duration.ofSeconds(20));

    public ProbeSettings {
        listenSettings = List.copyOf(listenSettings);
        modbusSettings = List.copyOf(modbusSettings);
        modbusUnitIds = List.copyOf(modbusUnitIds);
        scpiSettings = List.copyOf(scpiSettings);
        scpiTerminators = List.copyOf(scpiTerminators);
        if (modbusUnitIds.size() > MAX_UNIT_IDS) {
            throw new IllegalArgumentException(modbusUnitIds.size() + " Modbus unit ids are too many for one scan."
                    + " Name at most " + MAX_UNIT_IDS + ", such as the range 1-" + MAX_UNIT_IDS + ".");
        }
        for (int unit : modbusUnitIds) {
            if (unit < 1 || unit > 247) {
                throw new IllegalArgumentException("The Modbus unit id " + unit + " is out of range. Use unit ids"
                        + " from 1 to 247; 0 is the broadcast address, to which no device replies.");
            }
        }
    }

    public ProbeSettings withModbusUnitIds(List<Integer> unitIds) {
        return new ProbeSettings(listenSettings, listenWindow, modbusSettings, unitIds, modbusWindow, scpiSettings,
                scpiTerminators, scpiWindow, portBudget);
    }

    public ProbeSettings withModbusSettings(List<LineSettings> settings) {
        return new ProbeSettings(listenSettings, listenWindow, settings, modbusUnitIds, modbusWindow, scpiSettings,
                scpiTerminators, scpiWindow, portBudget);
    }

    public ProbeSettings withListenSettings(List<LineSettings> settings) {
        return new ProbeSettings(settings, listenWindow, modbusSettings, modbusUnitIds, modbusWindow, scpiSettings,
                scpiTerminators, scpiWindow, portBudget);
    }

    public ProbeSettings withPortBudget(Duration budget) {
        return new ProbeSettings(listenSettings, listenWindow, modbusSettings, modbusUnitIds, modbusWindow,
                scpiSettings, scpiTerminators, scpiWindow, budget);
    }

    public ProbeSettings withWindows(Duration listen, Duration modbus, Duration scpi) {
        return new ProbeSettings(listenSettings, listen, modbusSettings, modbusUnitIds, modbus, scpiSettings,
                scpiTerminators, scpi, portBudget);
    }
}
