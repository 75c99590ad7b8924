package dev.outpost.engine.instruments;

/** The protocols Outpost recognises on a serial line. */
public enum Protocol {
    NMEA_0183("NMEA 0183", "nmea0183"),
    MODBUS_RTU("Modbus RTU", "modbus-rtu"),
    SCPI("SCPI", "scpi");

    private final String displayName;
    private final String labelValue;

    Protocol(String displayName, String labelValue) {
        this.displayName = displayName;
        this.labelValue = labelValue;
    }

    public String displayName() {
        return displayName;
    }

    /** The name in node labels and JSON, which Kubernetes label syntax allows. */
    public String labelValue() {
        return labelValue;
    }
}
