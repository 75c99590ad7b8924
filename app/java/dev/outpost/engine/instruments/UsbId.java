package dev.outpost.engine.instruments;

import java.util.Locale;

/**
 * A USB device's vendor and product ids, as the adapter reports them.
 *
 * @param vendorId  the 16-bit vendor id, such as 0x0403 for FTDI
 * @param productId the 16-bit product id
 */
public record UsbId(int vendorId, int productId) {

    /** Parses the hexadecimal ids as sysfs writes them ({@code 0403} and {@code 6001}). */
    public static UsbId parse(String vendorHex, String productHex) {
        return new UsbId(Integer.parseInt(vendorHex.strip(), 16), Integer.parseInt(productHex.strip(), 16));
    }

    /** Returns the ids as {@code lsusb} prints them: {@code 0403:6001}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%04x", vendorId, productId);
    }
}
