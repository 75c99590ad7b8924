package dev.outpost.engine.instruments;

import java.util.List;

/**
 * What the USB ids and the driver say about the cable or board between the port and the instrument. The ids name
 * the adapter's chip, never the instrument behind it: an FTDI cable may connect a GPS receiver, a PLC or a scale.
 *
 * @param name     the adapter in plain words, such as "FTDI FT232 USB-serial adapter"
 * @param chip     the known chip family, or {@code null}
 * @param warnings what to take care of with this adapter, each a sentence
 */
public record SerialAdapter(String name, Chip chip, List<String> warnings) {

    /** The sentence the page and the command line show beside every adapter name. */
    public static final String NAMES_THE_CABLE = "The USB ids name the adapter cable or chip, not the instrument"
            + " behind it; the protocol and identity below come from talking to the instrument.";

    /** Serial chips and device families that Outpost recognises by their USB ids or driver. */
    public enum Chip {
        FTDI("FTDI"), CH340("CH340"), CP210X("Silicon Labs CP210x"), PL2303("Prolific PL2303"),
        CDC_ACM("USB CDC-ACM"), UBLOX("u-blox GNSS"), ARDUINO("Arduino board");

        private final String label;

        Chip(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SerialAdapter {
        warnings = List.copyOf(warnings);
    }
}
