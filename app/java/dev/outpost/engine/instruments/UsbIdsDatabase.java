package dev.outpost.engine.instruments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Vendor and product names from the USB ID database ({@code usb.ids}, from linux-usb.org). Outpost ships a subset
 * for the common serial adapters, with its source and licence beside it in {@code usb.ids.SOURCE.txt}.
 *
 * <p>The format: a vendor line is four hex digits, two spaces and the name; a product line starts with one tab;
 * interface lines (two tabs) and the class sections that start with a letter and a space are skipped.
 */
public final class UsbIdsDatabase {

    private static final String SHIPPED = "usb.ids";

    private final Map<Integer, String> vendors = new HashMap<>();
    private final Map<Integer, String> products = new HashMap<>();

    private UsbIdsDatabase() {
    }

    /** Reads the subset shipped with Outpost. */
    public static UsbIdsDatabase shipped() {
        try (InputStream in = UsbIdsDatabase.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("The USB ID list " + SHIPPED + " is missing from this build of"
                        + " Outpost. Build Outpost again.");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a file in the usb.ids format. Lines that fit no known form are skipped. */
    public static UsbIdsDatabase read(Reader source) throws IOException {
        UsbIdsDatabase database = new UsbIdsDatabase();
        BufferedReader lines = new BufferedReader(source);
        Integer vendor = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("\t\t")) {
                continue;
            }
            if (line.startsWith("\t")) {
                Integer product = hexId(line.substring(1));
                if (vendor != null && product != null) {
                    database.products.put(vendor << 16 | product, line.substring(7).strip());
                }
                continue;
            }
            vendor = hexId(line);
            if (vendor != null) {
                database.vendors.put(vendor, line.substring(6).strip());
            }
        }
        return database;
    }

    /** Returns the id at the start of a line in the form {@code hhhh  name}, or null. */
    private static Integer hexId(String text) {
        if (text.length() < 7 || !text.startsWith("  ", 4)) {
            return null;
        }
        try {
            return Integer.parseInt(text.substring(0, 4), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Optional<String> vendorName(int vendorId) {
        return Optional.ofNullable(vendors.get(vendorId));
    }

    public Optional<String> productName(UsbId id) {
        return Optional.ofNullable(products.get(id.vendorId() << 16 | id.productId()));
    }
}
