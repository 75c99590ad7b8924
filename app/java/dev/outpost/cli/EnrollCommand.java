package dev.outpost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outpost enroll}: head office issues and checks site enrollment files. */
@Command(name = "enroll", mixinStandardHelpOptions = true, description = "Issues site enrollment files at head"
        + " office and checks them.", subcommands = {EnrollCreateCommand.class, EnrollBatchCommand.class,
            EnrollVerifyCommand.class})
public final class EnrollCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: use 'enroll create',"
                + " 'enroll batch' or 'enroll verify'");
    }
}
