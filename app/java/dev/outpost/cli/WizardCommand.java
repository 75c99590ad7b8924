package dev.outpost.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code outpost wizard}: opens the desktop wizard. The launcher is passed in by the composition root. */
@Command(name = "wizard", mixinStandardHelpOptions = true, description = "Opens the desktop wizard.")
public final class WizardCommand implements Callable<Integer> {

    private final Runnable launcher;

    public WizardCommand(Runnable launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() {
        launcher.run();
        return 0;
    }
}
