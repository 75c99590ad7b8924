package dev.outpost.engine.instruments;

/** Where a serial port is: on the laptop that runs Outpost, or on the site's gateway. */
public enum PortLocation {
    LAPTOP("laptop"), GATEWAY("gateway");

    private final String label;

    PortLocation(String label) {
        this.label = label;
    }

    /** The lower-case word for the place, as the page, the command line and the JSON show it. */
    public String label() {
        return label;
    }
}
