package dev.outpost.engine.instruments;

import java.util.Locale;

/**
 * The plain explanation, for the system the port is on, of why a port could not be opened and what to do about
 * it: the dialout group on Linux, a COM port held by another program on Windows, and the cu and tty nodes on macOS.
 */
public final class PortAdvice {

    /** The systems whose advice differs. */
    public enum System {
        LINUX, WINDOWS, MACOS;

        /** Returns the system from the {@code os.name} property's value. */
        public static System fromOsName(String osName) {
            String name = osName.toLowerCase(Locale.ROOT);
            if (name.startsWith("windows")) {
                return WINDOWS;
            }
            if (name.startsWith("mac")) {
                return MACOS;
            }
            return LINUX;
        }
    }

    private PortAdvice() {
    }

    /**
     * Explains a busy port.
     *
     * @param holder the program that has it open, such as {@code gpsd (process 812)}, or {@code null}
     */
    public static String busy(System system, String path, String holder) {
        String who = holder == null ? "Another program" : "Another program, " + holder + ",";
        return switch (system) {
            case WINDOWS -> who + " has " + path + " open, and Windows lets only one program use a COM port."
                    + " Close the other program, such as a terminal or the instrument maker's software, then"
                    + " choose Re-scan.";
            case MACOS -> who + " has " + path + " open. Close the other program, such as screen or the"
                    + " instrument maker's app, then choose Re-scan.";
            case LINUX -> who + " has " + path + " open, so Outpost left the port alone. If that program should"
                    + " own the instrument (gpsd for a GPS, for example), leave it; otherwise stop it, such as"
                    + " with 'sudo systemctl stop gpsd.socket gpsd', then choose Re-scan.";
        };
    }

    /**
     * Explains a port this user may not open.
     *
     * @param user the login user on the gateway, or {@code null} for this laptop's user
     */
    public static String notPermitted(System system, String path, String user) {
        return switch (system) {
            case WINDOWS -> "Windows denied access to " + path + ", which usually means another program has it"
                    + " open. Close the other program, or unplug the adapter and plug it in again, then choose"
                    + " Re-scan.";
            case MACOS -> "macOS did not let Outpost open " + path + ". Check that the adapter's driver is allowed"
                    + " under System Settings, Privacy & Security, then choose Re-scan.";
            case LINUX -> user == null
                    ? "Your user may not open " + path + ", because serial ports belong to the dialout group."
                    + " Run 'sudo usermod -aG dialout $USER', log out and in again, then choose Re-scan."
                    : "The login user " + user + " on the gateway may not open " + path + ", because serial"
                    + " ports belong to the dialout group. Run 'sudo usermod -aG dialout " + user + "' on the"
                    + " gateway, connect again, then choose Re-scan.";
        };
    }

    /** Explains a port that went away or failed while it was probed. */
    public static String lost(String path) {
        return "The port " + path + " went away while Outpost probed it, as when a cable is pulled. Plug the"
                + " adapter in firmly, wait a few seconds, then choose Re-scan.";
    }

    /** Explains why a macOS dial-in node is not probed. */
    public static String dialIn(String path) {
        return path + " is the dial-in side of a port, which waits for a carrier signal, so Outpost probes the"
                + " matching /dev/cu. port instead. Nothing needs doing.";
    }
}
