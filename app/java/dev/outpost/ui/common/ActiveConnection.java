package dev.outpost.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The wizard's open connection to the gateway: the connect page opens it, the checks page uses it, and closing the
 * window closes it. It changes on the FX thread only; the connection itself closes on a worker thread.
 */
public final class ActiveConnection {

    private final Executor worker;
    private final ReadOnlyObjectWrapper<GatewayConnection> connection =
            new ReadOnlyObjectWrapper<>(this, "connection");

    /** @param worker closes connections off the FX thread */
    public ActiveConnection(Executor worker) {
        this.worker = worker;
    }

    /** The open connection, or {@code null} when there is none. */
    public ReadOnlyObjectProperty<GatewayConnection> connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    public Optional<GatewayConnection> current() {
        return Optional.ofNullable(connection.get());
    }

    /** Makes the connection the active one, closing the one before it. Called on the FX thread. */
    public void open(GatewayConnection opened) {
        close();
        connection.set(opened);
    }

    /** Closes the active connection, if any, on a worker thread. Called on the FX thread. */
    public void close() {
        GatewayConnection closing = connection.get();
        if (closing == null) {
            return;
        }
        connection.set(null);
        try {
            worker.execute(closing::close);
        } catch (RejectedExecutionException e) {
            // The wizard is closing and its workers are gone; closing blocks only briefly, so it runs here.
            closing.close();
        }
    }
}
