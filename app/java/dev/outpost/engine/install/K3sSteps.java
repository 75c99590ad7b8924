package dev.outpost.engine.install;

import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.cluster.NodeReadiness;
import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.platform.PrintableText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The steps after the files are on the gateway, following K3s's air-gap procedure: write the configuration, run
 * the install script without downloading, start the service, and wait for the node through the cluster's API.
 */
final class K3sSteps {

    static final StepInfo WRITE_CONFIG = new StepInfo("write-k3s-config", "Write the K3s configuration");
    static final StepInfo RUN_INSTALLER = new StepInfo("run-k3s-installer", "Run the K3s install script");
    static final StepInfo START = new StepInfo("start-k3s", "Start K3s");
    static final StepInfo NODE_READY = new StepInfo("wait-for-node", "Wait for the node to be ready");

    /** The environment the K3s install script runs with: the documented air-gap variables. */
    static final String INSTALLER_ENVIRONMENT = "INSTALL_K3S_SKIP_DOWNLOAD=true INSTALL_K3S_SKIP_START=true"
            + " INSTALL_K3S_EXEC=server";

    private static final Logger log = LoggerFactory.getLogger(K3sSteps.class);
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration INSTALLER_TIMEOUT = Duration.ofMinutes(5);
    private static final int LOG_LINES_SHOWN = 12;
    private static final Duration INACTIVE_GRACE = Duration.ofSeconds(30);

    private K3sSteps() {
    }

    /**
     * The steps in order.
     *
     * @param site          the site's settings, already checked
     * @param installScript the digest of the install script sent
     * @param binary        the digest of the K3s binary sent
     */
    static List<InstallStep> plan(SiteSettings site, String installScript, String binary) {
        String config = K3sConfig.render(site);
        String configDigest = Digests.ofBytes(config.getBytes(StandardCharsets.UTF_8));
        String installerInputs = Digests.of(installScript, INSTALLER_ENVIRONMENT);
        return List.of(new WriteConfig(config, configDigest), new RunInstaller(installerInputs),
                new Start(Digests.of(configDigest, binary, installerInputs)), new NodeReady(site.nodeName()));
    }

    /** Writes {@code config.yaml} atomically, readable by root only, and checks its digest. */
    private record WriteConfig(String config, String digest) implements InstallStep {

        @Override
        public StepInfo info() {
            return WRITE_CONFIG;
        }

        @Override
        public String inputs() {
            return digest;
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException {
            return digest.equals(fileDigest(context.session(), GatewayPaths.K3S_CONFIG));
        }

        @Override
        public void apply(StepContext context) throws GatewayException, InstallException {
            String path = GatewayPaths.K3S_CONFIG;
            String script = "set -e; umask 077; mkdir -p /etc/rancher/k3s; cat > " + path + ".new; chmod 600 "
                    + path + ".new; mv -f " + path + ".new " + path;
            CommandResult result = context.session().runAsRoot(script, config.getBytes(StandardCharsets.UTF_8),
                    SHORT);
            if (!result.succeeded() || !digest.equals(fileDigest(context.session(), path))) {
                throw new InstallException("The gateway could not write " + path + ". Check that /etc is writable"
                        + " and not full, then install again.");
            }
            config.lines().forEach(line -> context.events().output(WRITE_CONFIG.id(), line));
        }
    }

    /** Runs the bundle's K3s install script with the air-gap variables; it creates and enables the unit. */
    private record RunInstaller(String inputs) implements InstallStep {

        @Override
        public StepInfo info() {
            return RUN_INSTALLER;
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException {
            if (!context.journal().finishedWith(RUN_INSTALLER.id(), inputs)) {
                return false;
            }
            return context.session().runAsRoot("[ -f /etc/systemd/system/" + GatewayPaths.K3S_UNIT + ".service ]"
                    + " && systemctl is-enabled --quiet " + GatewayPaths.K3S_UNIT, new byte[0], SHORT).succeeded();
        }

        @Override
        public void apply(StepContext context) throws GatewayException, InstallException {
            CommandResult result = context.session().runAsRoot(INSTALLER_ENVIRONMENT + " sh "
                    + GatewayPaths.INSTALL_SCRIPT + " 2>&1", new byte[0], INSTALLER_TIMEOUT);
            result.stdout().lines().map(PrintableText::escapeControls)
                    .forEach(line -> context.events().output(RUN_INSTALLER.id(), line));
            if (!result.succeeded()) {
                throw new InstallException("The K3s install script stopped with exit status " + result.exitCode()
                        + ". Its output is in the install log; send the diagnostics to head office.");
            }
        }
    }

    /** Starts or restarts the K3s service and waits until systemd reports it active. */
    private record Start(String inputs) implements InstallStep {

        @Override
        public StepInfo info() {
            return START;
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException {
            return context.journal().finishedWith(START.id(), inputs)
                    && "active".equals(unitState(context.session()));
        }

        @Override
        public void apply(StepContext context) throws GatewayException, InstallException, InterruptedException {
            GatewaySession session = context.session();
            CommandResult restart = session.runAsRoot("systemctl restart --no-block " + GatewayPaths.K3S_UNIT,
                    new byte[0], SHORT);
            if (!restart.succeeded()) {
                throw new InstallException("systemd could not start K3s ("
                        + PrintableText.escapeControls(restart.stderr().strip().replaceAll("[.]+$", ""))
                        + "). The bundle's install script did not set K3s up; send Outpost's log file to head"
                        + " office.");
            }
            long started = System.nanoTime();
            long deadline = started + context.timeouts().serviceActive().toNanos();
            while (true) {
                String state = unitState(session);
                long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                context.events().progress(START.id(), waited, -1, 0, null, "The K3s service is " + state + ".");
                if ("active".equals(state)) {
                    log.info("The K3s service is active.");
                    return;
                }
                boolean stopped = "failed".equals(state) || "inactive".equals(state)
                        && System.nanoTime() - started > INACTIVE_GRACE.toNanos();
                if (stopped || System.nanoTime() > deadline) {
                    showLogTail(context, START.id());
                    throw new InstallException(stopped
                            ? "The K3s service stopped (" + state + ") instead of starting. The last lines of its"
                            + " log are in the install log; send the diagnostics to head office."
                            : "The K3s service did not become active within "
                            + context.timeouts().serviceActive().toMinutes() + " minutes. The last lines of its log"
                            + " are in the install log; install again, and if it fails again, send the"
                            + " diagnostics.");
                }
                Thread.sleep(context.timeouts().pollEvery().toMillis());
            }
        }
    }

    /** Waits, through the cluster's API, for the node to register and become Ready. */
    private record NodeReady(String nodeName) implements InstallStep {

        @Override
        public StepInfo info() {
            return NODE_READY;
        }

        @Override
        public String inputs() {
            return Digests.of(nodeName);
        }

        @Override
        public boolean alreadyDone(StepContext context) throws GatewayException, InterruptedException {
            if (!context.journal().finishedWith(NODE_READY.id(), inputs())) {
                return false;
            }
            try (ClusterAccess cluster = ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG)) {
                var node = cluster.client().nodes().withName(nodeName).get();
                return NodeReadiness.isReady(node);
            } catch (ClusterException | RuntimeException e) {
                log.debug("The node's state could not be read yet: {}", e.getMessage());
                return false;
            }
        }

        @Override
        public void apply(StepContext context) throws GatewayException, InstallException, InterruptedException {
            long deadline = System.nanoTime() + context.timeouts().nodeReady().toNanos();
            ClusterAccess cluster = awaitKubeconfig(context, deadline);
            try (cluster) {
                new NodeReadiness(cluster.client(), context.timeouts().pollEvery()).await(nodeName,
                        context.timeouts().nodeReady(),
                        message -> context.events().progress(NODE_READY.id(), -1, -1, 0, null, message),
                        context.session()::closedByCaller);
            } catch (ClusterException e) {
                showLogTail(context, NODE_READY.id());
                throw new InstallException(e.getMessage() + " The last lines of the K3s log are in the install"
                        + " log.", e);
            }
        }

        private ClusterAccess awaitKubeconfig(StepContext context, long deadline) throws GatewayException,
                InstallException, InterruptedException {
            while (true) {
                if (context.session().closedByCaller()) {
                    throw new InterruptedException("The wait for the kubeconfig was stopped.");
                }
                try {
                    return ClusterAccess.open(context.session(), GatewayPaths.KUBECONFIG);
                } catch (ClusterException e) {
                    if (System.nanoTime() > deadline) {
                        showLogTail(context, NODE_READY.id());
                        throw new InstallException(e.getMessage() + " The last lines of the K3s log are in the"
                                + " install log.", e);
                    }
                    context.events().progress(NODE_READY.id(), -1, -1, 0, null,
                            "Waiting for K3s to write its kubeconfig.");
                    Thread.sleep(context.timeouts().pollEvery().toMillis());
                }
            }
        }
    }

    static String unitState(GatewaySession session) throws GatewayException {
        CommandResult result = session.runAsRoot("systemctl is-active " + GatewayPaths.K3S_UNIT, new byte[0], SHORT);
        String state = result.stdout().strip().toLowerCase(Locale.ROOT);
        return state.isEmpty() ? "unknown" : state;
    }

    static String fileDigest(GatewaySession session, String path) throws GatewayException {
        CommandResult result = session.runAsRoot("[ -f " + path + " ] && sha256sum < " + path, new byte[0], SHORT);
        String out = result.stdout().strip();
        return result.succeeded() && out.length() >= 64 ? out.substring(0, 64) : "";
    }

    /** Shows the last relevant lines of the K3s service log as step output: errors first, else the last lines. */
    static void showLogTail(StepContext context, String step) {
        try {
            CommandResult result = context.session().runAsRoot("journalctl -u " + GatewayPaths.K3S_UNIT
                    + " --no-pager -o cat -n 400 2>/dev/null", new byte[0], SHORT);
            List<String> lines = result.stdout().lines().map(PrintableText::escapeControls).toList();
            List<String> relevant = lines.stream()
                    .filter(l -> l.toLowerCase(Locale.ROOT).matches(".*(error|fatal|fail|level=warn).*")).toList();
            List<String> shown = relevant.isEmpty() ? lines : relevant;
            shown = shown.subList(Math.max(0, shown.size() - LOG_LINES_SHOWN), shown.size());
            context.events().output(step, shown.isEmpty() ? "The K3s service log is empty."
                    : "The last lines of the K3s service log:");
            shown.forEach(line -> context.events().output(step, "  " + line));
        } catch (GatewayException e) {
            log.warn("The K3s service log could not be read: {}", e.getMessage());
        }
    }
}
