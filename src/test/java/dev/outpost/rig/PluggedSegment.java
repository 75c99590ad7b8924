package dev.outpost.rig;

/**
 * A segment shared by the tests of one class, with the class's gateway plugged in by the first test that needs it.
 * Keep it in a static field, call {@link #plugIn(RigGateway)} before each test and {@link #close()} after all.
 */
public final class PluggedSegment implements AutoCloseable {

    private RigSegment segment;
    private RigGateway gateway;
    private String gatewayAddress;

    /** Creates the segment and plugs the gateway in, unless an earlier test did. */
    public synchronized void plugIn(RigGateway first) {
        if (segment == null) {
            segment = RigSegment.create();
            gatewayAddress = first.plugInto(segment);
            gateway = first;
        }
    }

    /** Returns the segment; call {@link #plugIn(RigGateway)} first. */
    public synchronized RigSegment segment() {
        return segment;
    }

    /** Returns the gateway that {@link #plugIn(RigGateway)} plugged in. */
    public synchronized RigGateway gateway() {
        return gateway;
    }

    /** Returns that gateway's IPv4 address on the segment. */
    public synchronized String gatewayAddress() {
        return gatewayAddress;
    }

    /** Removes the segment; the next {@link #plugIn(RigGateway)} would make a new one. */
    @Override
    public synchronized void close() {
        if (segment != null) {
            segment.close();
            segment = null;
        }
    }
}
