package dev.outpost;

import dev.outpost.cli.CommandLineApp;
import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.ui.WizardLauncher;
import dev.outpost.ui.common.GatewayInstall;
import dev.outpost.ui.common.InstallerGatewayInstall;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;

/**
 * The composition root: builds the engine once and hands it to the wizard or the command line. With no arguments it
 * opens the wizard; with arguments it runs the {@code outpost} command.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        AppDirectories directories = AppDirectories.forCurrentUser();
        // Logback reads these when the first logger is created, so they are set before anything logs.
        System.setProperty("outpost.log.dir", directories.logs().toString());

        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        GatewayInstall install = new InstallerGatewayInstall(directories.installJournals(), Clock.systemUTC(),
                Installer.Timeouts.DEFAULT);
        Runnable wizard = () -> WizardLauncher.launchAndWait(preflight, install, directories);
        if (args.length == 0) {
            try {
                wizard.run();
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            System.exit(0);
        }
        Charset console = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, true, console);
        PrintWriter err = new PrintWriter(System.err, true, console);
        int status = new CommandLineApp(preflight, directories, wizard, System.in).run(out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
