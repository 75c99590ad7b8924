package dev.outpost.engine.instruments;

/**
 * One serial port as enumerated on the laptop or the gateway, before any byte is sent or read.
 *
 * @param location     where the port is
 * @param path         what to open: {@code /dev/ttyUSB0}, {@code COM3} or {@code /dev/cu.usbserial-10}
 * @param stableName   the persistent name, such as the {@code /dev/serial/by-id} link, or {@code null}
 * @param description  the description the system or the device gives, or {@code null}
 * @param usbId        the adapter's USB ids, or {@code null} for a port that is not on USB
 * @param serialNumber the adapter's USB serial number, or {@code null}
 * @param manufacturer the adapter's USB manufacturer string, or {@code null}
 * @param product      the adapter's USB product string, or {@code null}
 * @param driver       the kernel driver, such as {@code ftdi_sio} or {@code cdc_acm}, or {@code null}
 * @param usbInterface the USB interface number, such as {@code 00}, or {@code null}
 */
public record SerialPortInfo(PortLocation location, String path, String stableName, String description,
        UsbId usbId, String serialNumber, String manufacturer, String product, String driver, String usbInterface) {

    /** Returns a port known only by its path, as a port named on the command line is. */
    public static SerialPortInfo named(PortLocation location, String path) {
        return new SerialPortInfo(location, path, null, null, null, null, null, null, null, null);
    }

    /** Returns the last part of the path, such as {@code ttyUSB0}. */
    public String shortName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
