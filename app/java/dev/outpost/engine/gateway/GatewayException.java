package dev.outpost.engine.gateway;

/**
 * A failure to reach or use the gateway. The message is the plain sentence for the person at the laptop; the cause,
 * when there is one, carries the technical detail for the log.
 */
public class GatewayException extends Exception {

    private final GatewayFailure failure;

    public GatewayException(GatewayFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public GatewayException(GatewayFailure failure, String message) {
        this(failure, message, null);
    }

    public GatewayFailure failure() {
        return failure;
    }
}
