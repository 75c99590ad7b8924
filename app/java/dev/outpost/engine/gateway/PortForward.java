package dev.outpost.engine.gateway;

/**
 * A local port on this laptop's loopback address that leads to a port on the gateway through the SSH connection.
 * Closing it stops the forward; closing the session stops it too.
 */
public final class PortForward implements AutoCloseable {

    private final int localPort;
    private final Runnable stop;

    PortForward(int localPort, Runnable stop) {
        this.localPort = localPort;
        this.stop = stop;
    }

    /** The port on 127.0.0.1 of this laptop. */
    public int localPort() {
        return localPort;
    }

    @Override
    public void close() {
        stop.run();
    }
}
