package dev.outpost.engine.gateway;

import java.time.Duration;

/**
 * What one remote command left behind.
 *
 * @param exitCode the command's exit status
 * @param stdout   standard output, decoded as UTF-8
 * @param stderr   standard error, decoded as UTF-8
 * @param duration time from opening the channel to its close
 */
public record CommandResult(int exitCode, String stdout, String stderr, Duration duration) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
