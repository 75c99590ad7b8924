package dev.outpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outpost bundle}: builds, verifies and lists offline bundles. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Builds, verifies and lists offline"
        + " bundles.", subcommands = {BundleCreateCommand.class, BundleVerifyCommand.class,
            BundleInspectCommand.class})
public final class BundleCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: use 'bundle create',"
                + " 'bundle verify' or 'bundle inspect'");
    }
}
