package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.K3sConfig;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.engine.session.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code outpost install}: installs K3s on a gateway from an offline bundle, resuming where a run stopped. */
@Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Installs K3s on the gateway from an offline bundle. Running it again skips what is done and"
            + " verified, and continues where an interrupted run stopped.",
            "Exit status: 0 when K3s is running and the node is ready, 1 when a step failed, 2 when it could not"
                + " connect or the arguments are wrong, 130 when interrupted (run it again to continue)."})
public final class InstallCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private GatewayOptions gateway;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The offline bundle: a folder,"
            + " .tar or .tar.zst.")
    private Path bundle;

    @Option(names = "--trust", required = true, arity = "1", paramLabel = "PUBKEY", description = "Head office's"
            + " public key, whose signature on the bundle counts. Repeat for several keys.")
    private List<Path> trust;

    @Option(names = "--site-name", paramLabel = "NAME", description = "The site's name, which becomes the node"
            + " name (default: the gateway's host name).")
    private String siteName;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A node label that describes the site, such"
            + " as region=north. Repeat for several labels.")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--pod-cidr", paramLabel = "CIDR", defaultValue = SiteSettings.DEFAULT_POD_CIDR,
            description = "The range pods get addresses from (default: ${DEFAULT-VALUE}).")
    private String podCidr;

    @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = SiteSettings.DEFAULT_SERVICE_CIDR,
            description = "The range services get addresses from (default: ${DEFAULT-VALUE}).")
    private String serviceCidr;

    @Option(names = "--avoid-cidr", paramLabel = "CIDR", description = "A range the pod and service ranges must"
            + " not overlap, such as the central cluster's. Repeat for several ranges.")
    private List<String> avoidCidrs = new ArrayList<>();

    @Option(names = "--tls-san", paramLabel = "NAME", description = "An extra host name or address for the API"
            + " server's certificate. Repeat for several.")
    private List<String> tlsSans = new ArrayList<>();

    @Option(names = "--disable", paramLabel = "COMPONENT", description = "A packaged K3s component not to deploy:"
            + " coredns, servicelb, traefik, local-storage, metrics-server or runtimes. Repeat for several. Given at"
            + " all, the list replaces the default (traefik).")
    private List<String> disabled;

    @Option(names = "--json", description = "Print one JSON event per line (see docs/install-json.md).")
    private boolean json;

    private final Preflight preflight;
    private final Installer installer;
    private final Path defaultKnownHosts;
    private final InputStream stdin;

    public InstallCommand(Preflight preflight, Installer installer, Path defaultKnownHosts, InputStream stdin) {
        this.preflight = preflight;
        this.installer = installer;
        this.defaultKnownHosts = defaultKnownHosts;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        gateway.showLogIfVerbose();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<PublicKey> keys;
        Map<String, String> siteLabels;
        ConnectionSettings settings;
        try {
            keys = readKeys(trust);
            siteLabels = parseLabels();
            settings = gateway.settings(stdin, defaultKnownHosts);
        } catch (IllegalArgumentException e) {
            printer(out).failed(e.getMessage());
            err.println(e.getMessage());
            return InstallRun.EXIT_FAILED;
        }
        return new InstallRun(preflight, installer).run(settings,
                session -> new InstallRequest(bundle, keys, site(session, siteLabels)), printer(out), out, err);
    }

    private InstallEventPrinter printer(PrintWriter out) {
        return new InstallEventPrinter(out, json, "Installed.", "Not installed.");
    }

    /** Reads head office's public keys given with {@code --trust}. */
    static List<PublicKey> readKeys(List<Path> trust) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path file : trust) {
            try {
                keys.add(SigningKeys.readPublicKey(file));
            } catch (BundleException e) {
                throw new IllegalArgumentException(e.getMessage() == null ? "The public key " + file + " could not"
                        + " be read. Pass the .pub file head office gave you with --trust." : e.getMessage(), e);
            }
        }
        return keys;
    }

    private Map<String, String> parseLabels() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("The label '" + label + "' is not KEY=VALUE, such as"
                        + " region=north.");
            }
            String key = label.substring(0, equals);
            if (key.equals(K3sConfig.SITE_LABEL)) {
                throw new IllegalArgumentException("The label " + K3sConfig.SITE_LABEL + " is set from --site-name."
                        + " Remove it from --label.");
            }
            if (parsed.put(key, label.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("The label " + key + " is given twice. Give each label once.");
            }
        }
        return parsed;
    }

    private SiteSettings site(GatewaySession session, Map<String, String> siteLabels) throws GatewayException {
        String name = siteName;
        if (name == null) {
            CommandResult hostname = session.run("hostname");
            name = hostname.stdout().strip().toLowerCase(Locale.ROOT);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put(K3sConfig.SITE_LABEL, name);
        all.putAll(siteLabels);
        return new SiteSettings(name, all, podCidr, serviceCidr, avoidCidrs, tlsSans,
                disabled == null ? SiteSettings.DEFAULT_DISABLED : disabled);
    }
}
