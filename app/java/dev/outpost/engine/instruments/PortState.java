package dev.outpost.engine.instruments;

/** The outcome of probing one port. */
public enum PortState {
    /** A protocol was recognised. */
    IDENTIFIED,
    /** Another Modbus master talks on the line, so Outpost listened only and sent nothing. */
    SHARED_BUS,
    /** Nothing was recognised: the line stayed silent, or sent bytes of no known protocol. */
    UNKNOWN,
    /** Another program has the port open, so Outpost did not touch it. */
    BUSY,
    /** This user may not open the port. */
    NOT_PERMITTED,
    /** The port went away or failed while it was probed. */
    LOST
}
