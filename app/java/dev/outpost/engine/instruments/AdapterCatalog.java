package dev.outpost.engine.instruments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names the adapter of a port from its USB ids, its driver and the USB ID database. Recognises the common serial
 * chips (FTDI, CH340, CP210x, PL2303), USB CDC-ACM devices, native u-blox GNSS receivers and Arduino boards.
 */
public final class AdapterCatalog {

    static final int FTDI_VENDOR = 0x0403;
    static final int PROLIFIC_VENDOR = 0x067b;
    static final int SILICON_LABS_VENDOR = 0x10c4;
    static final int UBLOX_VENDOR = 0x1546;
    static final int QINHENG_VENDOR = 0x1a86;
    static final int ARDUINO_VENDOR = 0x2341;

    static final String RESETS_ON_OPEN = "Boards like this one can restart when a program opens the port, because"
            + " opening it raises the DTR line. Outpost keeps DTR low where the system allows it; if the board"
            + " restarts anyway, let it finish starting and scan again.";
    static final String MODEM_LIKE = "USB CDC-ACM devices look like modems to ModemManager, which may hold the port"
            + " for a while after it is plugged in. If the port shows as busy, wait a minute and scan again.";

    private final UsbIdsDatabase usbIds;

    public AdapterCatalog(UsbIdsDatabase usbIds) {
        this.usbIds = usbIds;
    }

    /** Returns the adapter of the port, or an adapter named after the port itself when nothing is known. */
    public SerialAdapter adapterOf(SerialPortInfo port) {
        SerialAdapter.Chip chip = chipOf(port);
        List<String> warnings = new ArrayList<>();
        if (chip == SerialAdapter.Chip.ARDUINO) {
            warnings.add(RESETS_ON_OPEN);
        }
        if (chip == SerialAdapter.Chip.CDC_ACM) {
            warnings.add(MODEM_LIKE);
        }
        return new SerialAdapter(name(port, chip), chip, warnings);
    }

    private String name(SerialPortInfo port, SerialAdapter.Chip chip) {
        UsbId id = port.usbId();
        if (id == null) {
            if (chip == SerialAdapter.Chip.CDC_ACM) {
                return "USB CDC-ACM device";
            }
            return port.description() != null && !port.description().isBlank() ? port.description().strip()
                    : "Serial port without USB details";
        }
        String vendor = usbIds.vendorName(id.vendorId()).orElse(port.manufacturer());
        String product = usbIds.productName(id).orElse(port.product());
        StringBuilder name = new StringBuilder();
        name.append(vendor == null ? "Unknown vendor" : vendor);
        if (product != null && !product.isBlank()) {
            name.append(' ').append(product.strip());
        }
        name.append(" (").append(id).append(')');
        if (chip != null) {
            name.append(", ").append(chip.label());
        }
        return name.toString();
    }

    /** Returns the chip family from the USB ids, or from the driver when the ids are unknown. */
    static SerialAdapter.Chip chipOf(SerialPortInfo port) {
        UsbId id = port.usbId();
        if (id != null) {
            switch (id.vendorId()) {
                case FTDI_VENDOR:
                    return SerialAdapter.Chip.FTDI;
                case PROLIFIC_VENDOR:
                    return SerialAdapter.Chip.PL2303;
                case SILICON_LABS_VENDOR:
                    if (id.productId() >= 0xea60 && id.productId() <= 0xea7f) {
                        return SerialAdapter.Chip.CP210X;
                    }
                    break;
                case QINHENG_VENDOR:
                    return SerialAdapter.Chip.CH340;
                case UBLOX_VENDOR:
                    return SerialAdapter.Chip.UBLOX;
                case ARDUINO_VENDOR:
                    return SerialAdapter.Chip.ARDUINO;
                default:
                    break;
            }
        }
        String driver = port.driver() == null ? "" : port.driver().toLowerCase(Locale.ROOT);
        return switch (driver) {
            case "ftdi_sio" -> SerialAdapter.Chip.FTDI;
            case "ch341", "ch341-uart" -> SerialAdapter.Chip.CH340;
            case "cp210x" -> SerialAdapter.Chip.CP210X;
            case "pl2303" -> SerialAdapter.Chip.PL2303;
            case "cdc_acm" -> SerialAdapter.Chip.CDC_ACM;
            default -> port.path().contains("ttyACM") ? SerialAdapter.Chip.CDC_ACM : null;
        };
    }
}
