package dev.outpost.engine.install;

import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.gateway.GatewayException;

/**
 * One named, idempotent step of the install plan after the files are sent. A step tells whether the gateway
 * already contains its verified result, and applies itself, verifying the result before it returns.
 */
interface InstallStep {

    StepInfo info();

    /** A digest of everything the step's result depends on; the journal records it when the step finishes. */
    String inputs();

    /** Whether the step finished in an earlier run with the same inputs and its result still verifies. Blocks. */
    boolean alreadyDone(StepContext context) throws GatewayException, InstallException, ClusterException,
            InterruptedException;

    /** Applies the step and verifies its result. Blocks. */
    void apply(StepContext context) throws GatewayException, InstallException, ClusterException,
            InterruptedException;
}
