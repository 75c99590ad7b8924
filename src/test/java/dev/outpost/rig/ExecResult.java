package dev.outpost.rig;

/**
 * The outcome of a command that the rig ran, either on the host or inside a gateway.
 *
 * @param command the command as it was given, for messages
 * @param exitCode the exit status of the command
 * @param stdout everything the command wrote to standard output, decoded as UTF-8
 * @param stderr everything the command wrote to standard error, decoded as UTF-8
 */
public record ExecResult(String command, int exitCode, String stdout, String stderr) {

    /**
     * Tells whether the command exited with status 0.
     *
     * @return true when the exit status is 0
     */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Returns this result if the command exited with status 0, and throws otherwise.
     *
     * @return this result
     * @throws GatewayRigException when the exit status is not 0; the message contains both output streams
     */
    public ExecResult requireSuccess() {
        if (!succeeded()) {
            throw new GatewayRigException("The command `" + command + "` exited with status " + exitCode
                    + ".\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
        }
        return this;
    }
}
