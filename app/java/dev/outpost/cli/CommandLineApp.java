package dev.outpost.cli;

import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.Uninstaller;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.platform.PrintableText;
import dev.outpost.engine.session.Preflight;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds the {@code outpost} command line over the engine and runs it. Wrong arguments print one line on standard
 * error with the way to get help, and exit with status 2.
 */
public final class CommandLineApp {

    private final Preflight preflight;
    private final Path knownHosts;
    private final Path installJournals;
    private final Runnable wizardLauncher;
    private final InputStream stdin;
    private final AppDirectories directories;

    /**
     * @param knownHosts      the known-hosts file used when a command names none; its folder counts as the data
     *                        folder, with the logs in {@code logs} inside it
     * @param installJournals the folder that keeps the laptop's copy of each gateway's install journal
     */
    public CommandLineApp(Preflight preflight, Path knownHosts, Path installJournals, Runnable wizardLauncher,
            InputStream stdin) {
        this(preflight, knownHosts, installJournals, new AppDirectories(knownHosts.toAbsolutePath().getParent(),
                knownHosts.toAbsolutePath().getParent().resolve("logs")), wizardLauncher, stdin);
    }

    /** @param directories Outpost's data and log folders, which the diagnostics read */
    public CommandLineApp(Preflight preflight, AppDirectories directories, Runnable wizardLauncher,
            InputStream stdin) {
        this(preflight, directories.knownHosts(), directories.installJournals(), directories, wizardLauncher, stdin);
    }

    private CommandLineApp(Preflight preflight, Path knownHosts, Path installJournals, AppDirectories directories,
            Runnable wizardLauncher, InputStream stdin) {
        this.preflight = preflight;
        this.knownHosts = knownHosts;
        this.installJournals = installJournals;
        this.directories = directories;
        this.wizardLauncher = wizardLauncher;
        this.stdin = stdin;
    }

    /** Runs the command line and returns the exit status. Blocks until the command finishes. */
    public int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new OutpostCommand(), new Factory());
        commandLine.setOut(new PrintWriter(new PrintableWriter(out), true));
        commandLine.setErr(new PrintWriter(new PrintableWriter(err), true));
        commandLine.setExitCodeExceptionMapper(e -> CheckCommand.EXIT_FAILED);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(e.getMessage() + ". Run '" + failed.getCommandSpec().qualifiedName()
                    + " --help' for the options.");
            return CheckCommand.EXIT_FAILED;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println(e.getMessage() == null ? e.toString() : e.getMessage());
            return CheckCommand.EXIT_FAILED;
        });
        return commandLine.execute(args);
    }

    /** Escapes control characters on the way to the terminal, such as those in names read from a bundle. */
    private static final class PrintableWriter extends java.io.FilterWriter {

        PrintableWriter(java.io.Writer target) {
            super(target);
        }

        @Override
        public void write(int c) throws java.io.IOException {
            write(Character.toString((char) c));
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws java.io.IOException {
            write(new String(buffer, offset, length));
        }

        @Override
        public void write(String text, int offset, int length) throws java.io.IOException {
            out.write(PrintableText.escapeControlsKeepingLines(text.substring(offset, offset + length)));
        }
    }

    /** Creates the subcommands with their engine parts; picocli makes the rest. */
    private final class Factory implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == CheckCommand.class) {
                return type.cast(new CheckCommand(preflight, knownHosts, stdin));
            }
            if (type == DiscoverCommand.class) {
                return type.cast(new DiscoverCommand(directories.data()));
            }
            if (type == InstallCommand.class) {
                return type.cast(new InstallCommand(preflight, new Installer(installJournals, Clock.systemUTC(),
                        Installer.Timeouts.DEFAULT), knownHosts, stdin));
            }
            if (type == JoinCommand.class) {
                return type.cast(new JoinCommand(preflight, new Installer(installJournals, Clock.systemUTC(),
                        Installer.Timeouts.DEFAULT), knownHosts, stdin, Clock.systemUTC()));
            }
            if (type == MeshCheckCommand.class) {
                return type.cast(new MeshCheckCommand(preflight, knownHosts, stdin));
            }
            if (type == UninstallCommand.class) {
                return type.cast(new UninstallCommand(preflight, new Uninstaller(installJournals,
                        Clock.systemUTC()), knownHosts, stdin));
            }
            if (type == BundleCreateCommand.class) {
                return type.cast(new BundleCreateCommand(stdin, Clock.systemUTC()));
            }
            if (type == KeysGenerateCommand.class) {
                return type.cast(new KeysGenerateCommand(stdin));
            }
            if (type == EnrollCreateCommand.class) {
                return type.cast(new EnrollCreateCommand(stdin, Clock.systemUTC()));
            }
            if (type == EnrollBatchCommand.class) {
                return type.cast(new EnrollBatchCommand(stdin, Clock.systemUTC()));
            }
            if (type == EnrollVerifyCommand.class) {
                return type.cast(new EnrollVerifyCommand(stdin, Clock.systemUTC()));
            }
            if (type == DiagnoseCommand.class) {
                String version = OutpostCommand.class.getPackage().getImplementationVersion();
                return type.cast(new DiagnoseCommand(preflight, directories, stdin,
                        version == null ? "(development build)" : version));
            }
            if (type == ConsoleCommand.class) {
                return type.cast(new ConsoleCommand(stdin));
            }
            if (type == InstrumentsCommand.class) {
                return type.cast(new InstrumentsCommand(preflight, knownHosts, stdin));
            }
            if (type == WizardCommand.class) {
                return type.cast(new WizardCommand(wizardLauncher));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
