package dev.outpost.packaging;

import com.fazecast.jSerialComm.SerialPort;

/**
 * Loads jSerialComm's native library and lists the serial ports, in its own JVM started by {@link PackagedAppIT}
 * with the packaged runtime, jar and library folder. Prints the number of ports.
 */
public final class SerialLibraryProbe {

    private SerialLibraryProbe() {
    }

    public static void main(String[] args) {
        System.out.println(SerialPort.getCommPorts().length + " serial ports");
    }
}
