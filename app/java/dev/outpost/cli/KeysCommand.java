package dev.outpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outpost keys}: head office's bundle-signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manages the keys that sign offline bundles.",
        subcommands = KeysGenerateCommand.class)
public final class KeysCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: use 'keys generate'");
    }
}
