package dev.outpost.rig;

/**
 * Thrown when the gateway rig cannot build, boot, change or tear down a test gateway.
 *
 * <p>The message names what the rig tried and, where it has one, the output of the command that failed.
 */
public class GatewayRigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, as a sentence
     */
    public GatewayRigException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, as a sentence
     * @param cause the underlying failure
     */
    public GatewayRigException(String message, Throwable cause) {
        super(message, cause);
    }
}
