package dev.outpost.engine.install;

import dev.outpost.engine.gateway.GatewaySession;

/**
 * What a step works with during one run.
 *
 * @param session  the connection to the gateway
 * @param events   where the step reports progress and output
 * @param journal  the journal as it stood when the step began
 * @param timeouts how long the waiting steps wait
 */
record StepContext(GatewaySession session, Events events, InstallJournal journal, Installer.Timeouts timeouts) {
}
