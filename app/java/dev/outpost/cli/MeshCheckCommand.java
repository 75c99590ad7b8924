package dev.outpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.cluster.ServiceMirrorProbe;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.GatewayPaths;
import dev.outpost.engine.mesh.MeshChecks;
import dev.outpost.engine.mesh.SiteExpectation;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.SessionListener;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code outpost mesh-check}: checks that a joined site's mesh, link and Rancher agent are healthy. */
@Command(name = "mesh-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a joined site: its trust anchor and issuer, the Linkerd control plane, the link to"
            + " the central cluster and its gateway, the Rancher agent and the site labels. Works offline; a site"
            + " that cannot reach head office yet is reported as waiting, not as failed.",
            "Exit status: 0 when no blocker failed, 1 when one did or the site has not joined, 2 when it could not"
                + " connect or the arguments are wrong."})
public final class MeshCheckCommand implements Callable<Integer> {

    /** The version of the {@code --json} report. */
    static final int SCHEMA_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(MeshCheckCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private GatewayOptions gateway;

    @Option(names = "--json", description = "Print the report as JSON (see docs/mesh-check-json.md).")
    private boolean json;

    private final Preflight preflight;
    private final Path defaultKnownHosts;
    private final InputStream stdin;

    public MeshCheckCommand(Preflight preflight, Path defaultKnownHosts, InputStream stdin) {
        this.preflight = preflight;
        this.defaultKnownHosts = defaultKnownHosts;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        gateway.showLogIfVerbose();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConnectionSettings settings;
        try {
            settings = gateway.settings(stdin, defaultKnownHosts);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return InstallRun.EXIT_FAILED;
        }
        try (GatewaySession session = preflight.connect(settings, SessionListener.NONE)) {
            if (!k3sInstalled(session)) {
                return notJoined(out, err, "K3s is not installed on this gateway, so the site has not joined the"
                        + " mesh. Join it with outpost join and the site's enrollment file, then check again.");
            }
            try (ClusterAccess cluster = ClusterAccess.open(session, GatewayPaths.KUBECONFIG)) {
                Optional<SiteExpectation> site = SiteExpectation.read(cluster.client());
                if (site.isEmpty()) {
                    return notJoined(out, err, "This gateway has not joined the mesh yet. Join it with outpost join"
                            + " and the site's enrollment file, then check again.");
                }
                return report(out, err, site.get(), new MeshChecks(cluster.client(), Clock.systemUTC(),
                        new ServiceMirrorProbe(session)).run(site.get()));
            }
        } catch (GatewayException | ClusterException | KubernetesClientException e) {
            log.error("Outpost could not check the mesh on {}.", settings.host(), e);
            err.println(e instanceof KubernetesClientException
                    ? "The site cluster did not respond. Check that K3s is running on the gateway, then try again."
                    : e.getMessage());
            return InstallRun.EXIT_FAILED;
        } finally {
            settings.credentials().wipe();
            out.flush();
            err.flush();
        }
    }

    private int report(PrintWriter out, PrintWriter err, SiteExpectation site, List<CheckResult> results) {
        boolean blocked = results.stream().anyMatch(CheckResult::blocks);
        String summary = blocked ? "The site's mesh has problems: fix the failed checks above, then check again."
                : "The site's mesh is healthy.";
        print(out, site, results, summary);
        if (!blocked) {
            return InstallRun.EXIT_DONE;
        }
        List<String> failed = results.stream().filter(CheckResult::blocks).map(CheckResult::id).toList();
        err.println(failed.size() + " blocker(s) failed: " + String.join(", ", failed) + ".");
        return InstallRun.EXIT_STEP_FAILED;
    }

    private int notJoined(PrintWriter out, PrintWriter err, String message) {
        print(out, null, List.of(), message);
        err.println(message);
        return InstallRun.EXIT_STEP_FAILED;
    }

    /**
     * Returns whether the K3s program is on the gateway, installed by Outpost or not. Blocks.
     *
     * @throws ClusterException when the command could not run as root, so the result is unknown
     */
    private static boolean k3sInstalled(GatewaySession session) throws GatewayException, ClusterException {
        String answer = session.runAsRoot("if [ -x " + GatewayPaths.K3S_BINARY + " ]; then echo present; else echo"
                + " absent; fi", new byte[0], Duration.ofSeconds(30)).stdout().strip();
        if (!answer.equals("present") && !answer.equals("absent")) {
            throw new ClusterException("Outpost could not act as root on the gateway to find K3s. Log in as root or"
                    + " as a user who may use sudo (with a key login, add --sudo-password-stdin), then try again.");
        }
        return answer.equals("present");
    }

    private void print(PrintWriter out, SiteExpectation site, List<CheckResult> results, String summary) {
        if (json) {
            out.println(toJson(site, results, summary));
            return;
        }
        if (site != null) {
            out.printf("Site %s, linked to %s%n%n", site.siteId(), site.centralCluster());
            new CheckReportPrinter(out).printResults(results);
            out.println();
        }
        out.println(summary);
    }

    static String toJson(SiteExpectation site, List<CheckResult> results, String summary) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", "outpost.mesh-check");
        root.put("joined", site != null);
        root.put("site", site == null ? null : site.siteId());
        root.put("centralCluster", site == null ? null : site.centralCluster());
        root.put("healthy", site != null && results.stream().noneMatch(CheckResult::blocks));
        root.put("summary", summary);
        ArrayNode checks = root.putArray("checks");
        for (CheckResult result : results) {
            ObjectNode check = checks.addObject();
            check.put("id", result.id());
            check.put("mark", result.mark().name().toLowerCase(Locale.ROOT));
            check.put("severity", result.severity().name().toLowerCase(Locale.ROOT));
            check.put("status", result.status().name().toLowerCase(Locale.ROOT));
            check.put("title", result.title());
            check.put("explanation", result.explanation());
            check.put("fix", result.fix());
            check.put("observed", result.observed());
        }
        return root.toString();
    }
}
