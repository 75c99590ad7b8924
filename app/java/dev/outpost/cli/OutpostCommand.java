package dev.outpost.cli;

import picocli.CommandLine.Command;

/** The {@code outpost} command: the engine's command-line face. */
@Command(name = "outpost", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Takes an edge site's Linux gateway to a healthy member of the service mesh.",
            "Run without arguments to open the wizard."},
        subcommands = {CheckCommand.class, InstallCommand.class, JoinCommand.class, MeshCheckCommand.class,
            UninstallCommand.class, WizardCommand.class, BundleCommand.class, KeysCommand.class,
            EnrollCommand.class, DiagnoseCommand.class, InstrumentsCommand.class, DiscoverCommand.class,
            ConsoleCommand.class})
public final class OutpostCommand {
}
